import type { SearchRow } from './search-sql';

/**
 * Candidates in SQL order (distance or commune/name, then price, then id) holding the page at
 * [start, start + size] (one more row tells `hasMore`) and, when `byAvailability`, every tie
 * group that meets the page in full, so ranking a group by availability cannot pull in a row from
 * another page.
 */
export interface SearchWindow {
  rows: SearchRow[];
  start: number;
  byAvailability: boolean;
}

/** Rows tie when their sort distance is equal; without a point every key is null: all rows tie. */
const tie = (a: SearchRow, b: SearchRow) => a.distance_key === b.distance_key;

/** Index range [from, to) of the tie groups holding the page's first and last rows, and those between. */
export function tieSpan(window: SearchWindow, pageSize: number): { from: number; to: number } {
  const { rows, start } = window;
  if (start >= rows.length) return { from: start, to: start };
  const end = Math.min(start + pageSize, rows.length) - 1;
  let from = start;
  while (from > 0 && tie(rows[from - 1]!, rows[start]!)) from--;
  let to = end + 1;
  while (to < rows.length && tie(rows[to]!, rows[end]!)) to++;
  return { from, to };
}

/**
 * `rows` (whole tie groups, in SQL order) with each group sorted by earliest free slot, none last;
 * a stable sort, so the SQL order breaks equal slots. Groups keep their places.
 */
export function byAvailabilityWithinTies(rows: SearchRow[], free: Map<string, { startsAt: Date }>): SearchRow[] {
  let groupStart = 0;
  const keyed = rows.map((row, index) => {
    if (index > 0 && !tie(rows[index - 1]!, row)) groupStart = index;
    return { row, index, groupStart, at: free.get(row.id)?.startsAt.getTime() ?? Number.POSITIVE_INFINITY };
  });
  keyed.sort((a, b) => a.groupStart - b.groupStart || a.at - b.at || a.index - b.index);
  return keyed.map((entry) => entry.row);
}
