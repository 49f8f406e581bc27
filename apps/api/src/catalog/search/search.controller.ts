import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SEARCH_DEFAULT_PAGE_SIZE, SEARCH_DEFAULT_RADIUS_KM, SearchService, type SearchCriteria } from '@passerelle/catalog';
import { Public } from '../../auth/access.decorators';
import { SearchPageDto } from './search-result.dto';
import { SearchOffersQuery } from './search-offers.query';

@ApiTags('catalog')
@Controller('offers/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Search visible offers',
    description: [
      'Only active offers of structures holding at least one verified, unexpired credential.',
      'Each result gives `nextAvailableAt`, its earliest free slot within 14 days (null: none).',
      'Order with lat/lon: distance, then nextAvailableAt (null last), then price (funded first, then cheaper), then offer id.',
      'Without a point: nextAvailableAt (null last), then commune, place name, price, offer id — over at most 500 matches;',
      'a broader search keeps commune, place name, price, offer id. The order is total, so pages are disjoint and stable,',
      'offers tied on distance across a page boundary included.',
      '`openOn` keeps places open that day (or whose hours are unknown); it is evaluated on at most 5,000',
      'candidates in order, so a very broad search with `openOn` may stop early (hasMore false).',
      'Pagination: `hasMore` instead of a total, which would need counting every match.',
    ].join(' '),
  })
  @ApiOkResponse({ type: SearchPageDto })
  find(@Query() query: SearchOffersQuery) {
    return this.search.search(toCriteria(query));
  }
}

function toCriteria(query: SearchOffersQuery): SearchCriteria {
  return {
    procedure: query.procedure,
    category: query.category,
    near:
      query.lat !== undefined && query.lon !== undefined
        ? { lat: query.lat, lon: query.lon, radiusKm: query.radiusKm ?? SEARCH_DEFAULT_RADIUS_KM }
        : undefined,
    postcode: query.postcode,
    insee: query.insee,
    modality: query.modality,
    credential: query.credential,
    freeOnly: query.free === true,
    maxPriceCents: query.maxPriceCents,
    openOn: query.openOn,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? SEARCH_DEFAULT_PAGE_SIZE,
  };
}
