import { Injectable } from '@nestjs/common';
import { NextAvailabilityService } from '@passerelle/booking';
import { OpeningHoursDayCheck } from './opening-hours-day';
import type { SearchCriteria, SearchPage } from './search-criteria';
import { toSearchResultItem, type SearchFilters, type SearchRow } from './search-sql';
import { SearchRepository } from './search.repository';
import { byAvailabilityWithinTies, tieSpan, type SearchWindow } from './search-window';

/** Candidates read per round trip when `openOn` filters in Node, and the most read per search. */
export const OPEN_ON_BATCH = 250;
export const OPEN_ON_MAX_SCANNED = 5_000;
/** Without a point, matches beyond this many keep the stable order alone (availability is still given). */
export const AVAILABILITY_ORDER_MAX = 500;

/**
 * Public offer search. The order is total: with a point, distance, then earliest free slot (none
 * last), then price (funded first, then cheaper) and offer id; without a point, earliest free slot,
 * then commune, place name, price and offer id. SQL sorts by everything but the free slot (slots
 * come from the booking context's rules, evaluated in Node); the free slot then reorders each tie
 * group (offers at exactly the same distance; without a point, all matches) — a stable sort, so the
 * SQL order stays the tie-breaker. A page is the positions [(N-1)·size, N·size) of that order: a
 * tie group crossing a page boundary is read whole (one more statement, only then) and ranked whole,
 * so pages stay disjoint and stable. Without a point, all matches are read and ranked when there
 * are at most AVAILABILITY_ORDER_MAX, otherwise the stable order applies.
 *
 * With `openOn` the opening hours are evaluated in Node (the OSM syntax has no SQL evaluator): the
 * same statement is read in batches from the start, each candidate kept when its place is open that
 * day or has no known hours, until the page, one more match and the rest of the last tie group are
 * found, the candidates run out, or OPEN_ON_MAX_SCANNED candidates are read (then `hasMore` is
 * false: the search is too broad for a day filter; narrow it).
 */
@Injectable()
export class SearchService {
  private readonly hours = new OpeningHoursDayCheck();

  constructor(
    private readonly repository: SearchRepository,
    private readonly nextAvailability: NextAvailabilityService,
  ) {}

  async search(criteria: SearchCriteria): Promise<SearchPage> {
    const { page, pageSize, openOn, ...filters } = criteria;
    const skip = (page - 1) * pageSize;
    let window: SearchWindow;
    if (openOn !== undefined) window = await this.scanOpenOn(filters, openOn, skip, pageSize);
    else if (filters.near) window = await this.nearWindow(filters, skip, pageSize);
    else window = await this.areaWindow(filters, skip, pageSize);

    const span = window.byAvailability ? tieSpan(window, pageSize) : { from: window.start, to: window.start + pageSize };
    const ranked = window.rows.slice(span.from, span.to);
    // One round trip for the whole page (and its tie groups): three set-based statements in parallel.
    const free = await this.nextAvailability.earliestFreeSlots(ranked.map((row) => row.id));
    const rows = window.byAvailability
      ? [...window.rows.slice(0, span.from), ...byAvailabilityWithinTies(ranked, free), ...window.rows.slice(span.to)]
      : window.rows;
    const pageRows = rows.slice(window.start, window.start + pageSize + 1);
    return {
      items: pageRows.slice(0, pageSize).map((row) => toSearchResultItem(row, free.get(row.id)?.startsAt ?? null)),
      page,
      pageSize,
      hasMore: pageRows.length > pageSize,
    };
  }

  /** The page plus one, widened to the whole tie groups at its first and last positions when they cross its edges. */
  private async nearWindow(filters: SearchFilters, skip: number, pageSize: number): Promise<SearchWindow> {
    const rows = await this.repository.find(filters, pageSize + 1, skip);
    if (rows.length === 0) return { rows, start: 0, byAvailability: true };
    const first = rows[0]!;
    const lastRead = rows.at(-1)!;
    const crossing = new Set<number>();
    if (skip > 0) crossing.add(first.distance_key!);
    if (rows.length > pageSize && lastRead.distance_key === rows[pageSize - 1]!.distance_key) crossing.add(lastRead.distance_key!);
    const keys = [...crossing];
    const groups = await Promise.all(keys.map((distanceKey) => this.repository.find({ ...filters, distanceKey }, null, 0)));
    const groupOf = (row: SearchRow) => groups[keys.indexOf(row.distance_key!)] ?? [];
    // A group is read in the same SQL order: what precedes the first row and follows the last one
    // lies outside the window. A row missing from its group (changed meanwhile) widens nothing.
    const head = groupOf(first);
    const before = head.slice(0, Math.max(0, head.findIndex((row) => row.id === first.id)));
    const tail = groupOf(lastRead);
    const lastIndex = tail.findIndex((row) => row.id === lastRead.id);
    const after = lastIndex < 0 ? [] : tail.slice(lastIndex + 1);
    return { rows: [...before, ...rows, ...after], start: before.length, byAvailability: true };
  }

  private async areaWindow(filters: SearchFilters, skip: number, pageSize: number): Promise<SearchWindow> {
    const all = await this.repository.find(filters, AVAILABILITY_ORDER_MAX + 1, 0);
    if (all.length <= AVAILABILITY_ORDER_MAX) return { rows: all, start: skip, byAvailability: true };
    if (skip + pageSize + 1 <= all.length) return { rows: all, start: skip, byAvailability: false };
    return { rows: await this.repository.find(filters, pageSize + 1, skip), start: 0, byAvailability: false };
  }

  private async scanOpenOn(filters: SearchFilters, day: string, skip: number, pageSize: number): Promise<SearchWindow> {
    const wanted = skip + pageSize + 1;
    const matches: SearchRow[] = [];
    // Enough once the page and one more are found and the last tie group is complete (with a
    // point), or once there are too many to rank by availability (without one).
    const enough = () =>
      matches.length >= wanted &&
      (filters.near ? matches.at(-1)!.distance_key !== matches[wanted - 2]!.distance_key : matches.length > AVAILABILITY_ORDER_MAX);
    scan: for (let offset = 0; offset < OPEN_ON_MAX_SCANNED; offset += OPEN_ON_BATCH) {
      const batch = await this.repository.find(filters, OPEN_ON_BATCH, offset);
      for (const row of batch) {
        // Unknown hours (none given) do not exclude a place: many open-data places have none.
        if (this.hours.isOpenOn(row.opening_hours, day) !== false) matches.push(row);
        if (enough()) break scan;
      }
      if (batch.length < OPEN_ON_BATCH) break;
    }
    return { rows: matches, start: skip, byAvailability: filters.near !== undefined || matches.length <= AVAILABILITY_ORDER_MAX };
  }
}
