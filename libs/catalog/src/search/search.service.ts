import { Injectable } from '@nestjs/common';
import { OpeningHoursDayCheck } from './opening-hours-day';
import type { SearchCriteria, SearchPage } from './search-criteria';
import { toSearchResultItem, type SearchRow } from './search-sql';
import { SearchRepository } from './search.repository';

/** Candidates read per round trip when `openOn` filters in Node, and the most read per search. */
export const OPEN_ON_BATCH = 250;
export const OPEN_ON_MAX_SCANNED = 5_000;

/**
 * Public offer search. Without `openOn` one statement reads the page plus one row (`hasMore`).
 * With `openOn` the opening hours are evaluated in Node (the OSM syntax has no SQL evaluator):
 * the same statement, in the same total order, is read in batches from the start, each candidate
 * is kept when its place is open that day or has no known hours, and reading stops once the page
 * and one more match are found, when the candidates run out, or after OPEN_ON_MAX_SCANNED
 * candidates (then `hasMore` is false: the search is too broad for a day filter; narrow it).
 * Because the filter is applied on the full ordered sequence, page N is exactly matches
 * [(N-1)·size, N·size) of that sequence: pages stay disjoint and stable.
 */
@Injectable()
export class SearchService {
  private readonly hours = new OpeningHoursDayCheck();

  constructor(private readonly repository: SearchRepository) {}

  async search(criteria: SearchCriteria): Promise<SearchPage> {
    const { page, pageSize, openOn, ...filters } = criteria;
    const skip = (page - 1) * pageSize;
    let rows: SearchRow[];
    if (openOn === undefined) {
      rows = await this.repository.find(filters, pageSize + 1, skip);
    } else {
      rows = await this.scanOpenOn(filters, openOn, skip + pageSize + 1);
      rows = rows.slice(skip);
    }
    return {
      items: rows.slice(0, pageSize).map(toSearchResultItem),
      page,
      pageSize,
      hasMore: rows.length > pageSize,
    };
  }

  private async scanOpenOn(
    filters: Omit<SearchCriteria, 'page' | 'pageSize' | 'openOn'>,
    day: string,
    wanted: number,
  ): Promise<SearchRow[]> {
    const matches: SearchRow[] = [];
    for (let offset = 0; offset < OPEN_ON_MAX_SCANNED; offset += OPEN_ON_BATCH) {
      const batch = await this.repository.find(filters, OPEN_ON_BATCH, offset);
      for (const row of batch) {
        // Unknown hours (none given) do not exclude a place: many open-data places have none.
        if (this.hours.isOpenOn(row.opening_hours, day) !== false) matches.push(row);
        if (matches.length >= wanted) return matches;
      }
      if (batch.length < OPEN_ON_BATCH) break;
    }
    return matches;
  }
}
