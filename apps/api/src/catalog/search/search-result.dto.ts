import { ApiProperty } from '@nestjs/swagger';
import { SEARCH_CREDENTIAL_KINDS, SEARCH_MODALITIES } from '@passerelle/catalog';

export class SearchProcedureDto {
  @ApiProperty({ example: 'carte-grise-changement-titulaire' })
  code: string;

  @ApiProperty()
  title: string;
}

export class SearchPlaceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  address: string;

  @ApiProperty({ example: '75011' })
  postcode: string;

  @ApiProperty({ example: 'Paris' })
  commune: string;

  @ApiProperty({ type: Number, nullable: true })
  lat: number | null;

  @ApiProperty({ type: Number, nullable: true })
  lon: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Kilometres from the point searched (2 decimals); null without a point.' })
  distanceKm: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'OSM opening_hours; null when unknown.' })
  openingHours: string | null;
}

export class SearchStructureDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class SearchPricingDto {
  @ApiProperty({ enum: ['funded', 'commercial'] })
  kind: 'funded' | 'commercial';

  @ApiProperty({ type: 'integer', nullable: true, description: 'Cents, VAT included; null when funded.' })
  priceCents: number | null;

  @ApiProperty({ example: 'Payant : 35,00 € TTC', description: 'Why it is free, or what it costs, in French.' })
  label: string;
}

export class SearchResultDto {
  @ApiProperty({ format: 'uuid', description: 'Offer id' })
  id: string;

  @ApiProperty({ type: SearchProcedureDto })
  procedure: SearchProcedureDto;

  @ApiProperty({ type: SearchPlaceDto })
  place: SearchPlaceDto;

  @ApiProperty({ type: SearchStructureDto })
  structure: SearchStructureDto;

  @ApiProperty({ enum: SEARCH_MODALITIES })
  modality: string;

  @ApiProperty({ type: 'integer' })
  durationMinutes: number;

  @ApiProperty({ type: SearchPricingDto })
  pricing: SearchPricingDto;

  @ApiProperty({ enum: SEARCH_CREDENTIAL_KINDS, isArray: true, description: "Active credentials of the offer's structure" })
  credentials: string[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-02T08:00:00.000Z',
    description:
      'Start of the earliest free slot (GET /offers/{id}/slots rules: opening rules in force, closures, capacity left, ' +
      'not yet started) within the next 14 Paris days, today included; null when nothing is bookable in that horizon.',
  })
  nextAvailableAt: string | null;
}

export class SearchPageDto {
  @ApiProperty({ type: [SearchResultDto] })
  items: SearchResultDto[];

  @ApiProperty({ type: 'integer' })
  page: number;

  @ApiProperty({ type: 'integer' })
  pageSize: number;

  @ApiProperty({ description: 'Whether a next page exists (no total count: counting every match costs more than the page).' })
  hasMore: boolean;
}
