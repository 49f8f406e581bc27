import { createHash } from 'node:crypto';
import type { SearchCriteria, SearchResultItem } from './search-criteria';

/**
 * The one search statement, built from validated criteria with every user value as a bind
 * parameter (only fixed SQL fragments are concatenated). Shared by the repository and the bare
 * benchmark server so that both run literally the same SQL.
 *
 * - Distance: `earth_box(ll_to_earth($lat, $lon), $m) @> ll_to_earth(latitude, longitude)` uses
 *   the GiST index `places_earth_idx` (its predicate `latitude IS NOT NULL` is repeated so the
 *   planner can use the partial index); the great-circle distance (`<@>` on points, see below) then
 *   filters the box corners out exactly and sorts.
 * - Visibility: active offers whose structure has at least one verified, unexpired credential
 *   (EXISTS, of the requested kind when `credential` is given).
 * - Order: distance when a point is given, otherwise commune then place name; then price (funded
 *   first, then cheaper) and offer id, so the order is total and pages are stable.
 * - The inner query sorts and limits; the outer one only decorates the page (procedure title,
 *   structure name, credential kinds), so those lookups run for the returned rows only.
 */
export function buildSearchSql(
  criteria: Omit<SearchCriteria, 'page' | 'pageSize' | 'openOn'>,
  limit: number,
  offset: number,
): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = ["o.status = 'active'"];
  let distance = 'NULL::double precision';

  if (criteria.near) {
    const lat = param(criteria.near.lat);
    const lon = param(criteria.near.lon);
    const metres = param(criteria.near.radiusKm * 1000);
    // earthdistance's C great-circle distance on points (statute miles, mean Earth radius): the
    // SQL-level earth_distance(ll_to_earth(…)) costs about 4× more per candidate row (measured).
    distance = `(point(p.longitude, p.latitude) <@> point(${lon}::float8, ${lat}::float8)) * 1609.344`;
    where.push('p.latitude IS NOT NULL');
    // The box is in earth() units (equatorial radius): 0.2% wider so it always holds the circle.
    where.push(`earth_box(ll_to_earth(${lat}::float8, ${lon}::float8), ${metres}::float8 * 1.002) @> ll_to_earth(p.latitude, p.longitude)`);
    where.push(`${distance} <= ${metres}::float8`);
  }
  if (criteria.postcode !== undefined) where.push(`p.postcode = ${param(criteria.postcode)}`);
  if (criteria.insee !== undefined) where.push(`p.insee_code = ${param(criteria.insee)}`);
  if (criteria.procedure !== undefined) where.push(`o.procedure_code = ${param(criteria.procedure)}`);
  if (criteria.category !== undefined) {
    where.push(`o.procedure_code IN (SELECT pc.code FROM procedures pc WHERE pc.category_code = ${param(criteria.category)})`);
  }
  if (criteria.modality !== undefined) where.push(`o.modality = ${param(criteria.modality)}`);
  if (criteria.freeOnly) where.push(`o.pricing_kind = 'funded'`);
  if (criteria.maxPriceCents !== undefined) {
    where.push(`(o.pricing_kind = 'funded' OR o.price_cents <= ${param(String(criteria.maxPriceCents))}::bigint)`);
  }
  const kind = criteria.credential !== undefined ? ` AND c.kind = ${param(criteria.credential)}` : '';
  where.push(
    `EXISTS (SELECT 1 FROM credentials c WHERE c.structure_id = o.structure_id AND c.status = 'verified'
              AND (c.expires_on IS NULL OR c.expires_on >= current_date)${kind})`,
  );

  const order = criteria.near
    ? 'distance_m, price_order, o.id'
    : 'p.commune, p.name, price_order, o.id';
  const text = `
SELECT r.*, pr.title AS procedure_title, s.name AS structure_name,
       ARRAY(SELECT DISTINCT c.kind FROM credentials c
              WHERE c.structure_id = r.structure_id AND c.status = 'verified'
                AND (c.expires_on IS NULL OR c.expires_on >= current_date)
              ORDER BY c.kind) AS credential_kinds
  FROM (
    SELECT o.id, o.structure_id, o.procedure_code, o.modality, o.duration_minutes, o.pricing_kind,
           o.price_cents, p.id AS place_id, p.name AS place_name, p.address, p.postcode, p.commune,
           p.latitude, p.longitude, p.opening_hours, ${distance} AS distance_m,
           coalesce(o.price_cents, 0) AS price_order
      FROM offers o JOIN places p ON p.id = o.place_id
     WHERE ${where.join('\n       AND ')}
     ORDER BY ${order}
     LIMIT ${param(limit)} OFFSET ${param(offset)}
  ) r
  JOIN procedures pr ON pr.code = r.procedure_code
  JOIN structures s ON s.id = r.structure_id
 ORDER BY ${criteria.near ? 'r.distance_m, r.price_order, r.id' : 'r.commune, r.place_name, r.price_order, r.id'}`;
  // A prepared statement per shape of query (the text depends on which filters are given, never
  // on their values): PostgreSQL plans it once per connection instead of at every search.
  return { name: `offer_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values };
}

/** A row of the statement above, as `pg` returns it (bigint as string). */
export interface SearchRow {
  id: string;
  structure_id: string;
  procedure_code: string;
  procedure_title: string;
  modality: string;
  duration_minutes: number;
  pricing_kind: 'funded' | 'commercial';
  price_cents: string | null;
  place_id: string;
  place_name: string;
  address: string;
  postcode: string;
  commune: string;
  latitude: number | null;
  longitude: number | null;
  opening_hours: string | null;
  distance_m: number | null;
  structure_name: string;
  credential_kinds: string[];
}

const FUNDED_LABEL = 'Gratuit pour vous : pris en charge par un pass numérique';

/** "35,00 €" from integer cents (no float arithmetic on money). */
export function formatEuros(cents: number): string {
  const euros = Math.trunc(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped},${rest} €`;
}

/** The sentence telling a person why an offer is free or what it costs. */
export function pricingLabel(kind: 'funded' | 'commercial', priceCents: number | null): string {
  return kind === 'funded' || priceCents === null ? FUNDED_LABEL : `Payant : ${formatEuros(priceCents)} TTC`;
}

export function toSearchResultItem(row: SearchRow): SearchResultItem {
  const priceCents = row.price_cents === null ? null : Number(row.price_cents);
  if (priceCents !== null && !Number.isSafeInteger(priceCents)) throw new RangeError(`price ${row.price_cents} is not a safe integer`);
  return {
    id: row.id,
    procedure: { code: row.procedure_code, title: row.procedure_title },
    place: {
      id: row.place_id,
      name: row.place_name,
      address: row.address,
      postcode: row.postcode,
      commune: row.commune,
      lat: row.latitude,
      lon: row.longitude,
      distanceKm: row.distance_m === null ? null : Math.round(row.distance_m / 10) / 100,
      openingHours: row.opening_hours,
    },
    structure: { id: row.structure_id, name: row.structure_name },
    modality: row.modality,
    durationMinutes: row.duration_minutes,
    pricing: { kind: row.pricing_kind, priceCents, label: pricingLabel(row.pricing_kind, priceCents) },
    credentials: row.credential_kinds,
  };
}
