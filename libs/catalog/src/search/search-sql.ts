import { createHash } from 'node:crypto';
import type { SearchCriteria, SearchResultItem } from './search-criteria';
import { formatEuros } from '../euros';

/**
 * The one search statement, built from validated criteria with every user value as a bind
 * parameter (only fixed SQL fragments are concatenated). Shared by the repository and the bare
 * benchmark server so that both run literally the same SQL.
 *
 * It reads `offer_search` (migration 0700): one row per active offer with its procedure, category,
 * price, place point and postcode, kept by triggers on offers, places, credentials and procedures.
 * - Distance: the earth point is indexed with the procedure (or category) in a GiST index, scanned
 *   within `earth_box` and in order of `<->` (straight-line chord to the origin, which orders like
 *   the great-circle distance): with a LIMIT the scan stops after the page instead of visiting
 *   every offer of the circle. The chord then gives the exact great-circle distance (asin) and the
 *   radius test, all on earth()'s sphere.
 * - Visibility is by date, evaluated now: `visible_until` (latest expiry of the structure's verified
 *   credentials) and, for the credential filter, that kind's expiry in `credentials`.
 * - Order: distance when a point is given, otherwise commune then place name; then price (funded
 *   first, then cheaper) and offer id, so the order is total and pages are stable.
 * - `distanceKey` keeps only the rows at exactly that sort distance (a tie group, see SearchService);
 *   a null limit reads them all.
 * - The inner query filters, sorts and limits; the outer one only decorates the page (place,
 *   duration, procedure title, structure name, credential kinds) by primary key.
 */
export function buildSearchSql(criteria: SearchSqlCriteria, limit: number | null, offset: number): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = ['o.visible_until >= current_date'];
  let distance = 'NULL::double precision';
  let distanceKey = 'NULL::double precision';
  let order = 'o.commune, o.place_name, price_order, o.offer_id';

  if (criteria.near) {
    // Sub-selects are computed once per execution: in a generic plan of the prepared statement,
    // a bare ll_to_earth($1, $2) would be evaluated again for every candidate row.
    const origin = `(SELECT ll_to_earth(${param(criteria.near.lat)}::float8, ${param(criteria.near.lon)}::float8))`;
    const metres = `${param(criteria.near.radiusKm * 1000)}::float8`;
    const chord = `(o.earth <-> ${origin})`;
    distance = `2 * earth() * asin(least(1::float8, ${chord} / (2 * earth())))`;
    where.push('o.earth IS NOT NULL');
    where.push(`earth_box(${origin}, ${metres}) @> o.earth`);
    where.push(`${chord} <= (SELECT 2 * earth() * sin(${metres} / (2 * earth())))`);
    order = `${chord}, price_order, o.offer_id`;
    distanceKey = chord;
    if (criteria.distanceKey !== undefined) where.push(`${chord} = ${param(criteria.distanceKey)}::float8`);
  }
  if (criteria.postcode !== undefined) where.push(`o.postcode = ${param(criteria.postcode)}`);
  if (criteria.insee !== undefined) where.push(`o.insee_code = ${param(criteria.insee)}`);
  if (criteria.procedure !== undefined) where.push(`o.procedure_code = ${param(criteria.procedure)}`);
  if (criteria.category !== undefined) where.push(`o.category_code = ${param(criteria.category)}`);
  if (criteria.modality !== undefined) where.push(`o.modality = ${param(criteria.modality)}`);
  if (criteria.freeOnly) where.push(`o.pricing_kind = 'funded'`);
  if (criteria.maxPriceCents !== undefined) {
    where.push(`(o.pricing_kind = 'funded' OR o.price_cents <= ${param(String(criteria.maxPriceCents))}::bigint)`);
  }
  if (criteria.credential !== undefined) where.push(`(o.credentials ->> ${param(criteria.credential)})::date >= current_date`);

  const text = `
SELECT r.id, r.structure_id, r.procedure_code, pr.title AS procedure_title, r.modality, f.duration_minutes,
       r.pricing_kind, r.price_cents, r.place_id, p.name AS place_name, p.address, p.postcode, p.commune,
       p.latitude, p.longitude, p.opening_hours, r.distance_m, r.distance_key, s.name AS structure_name,
       ARRAY(SELECT c.key FROM jsonb_each_text(r.credentials) c WHERE c.value::date >= current_date ORDER BY c.key) AS credential_kinds
  FROM (
    SELECT o.offer_id AS id, o.structure_id, o.procedure_code, o.modality, o.pricing_kind, o.price_cents,
           o.place_id, o.commune AS place_commune, o.place_name AS place_sort_name, o.credentials,
           ${distance} AS distance_m, ${distanceKey} AS distance_key, coalesce(o.price_cents, 0) AS price_order
      FROM offer_search o
     WHERE ${where.join('\n       AND ')}
     ORDER BY ${order}
     LIMIT ${param(limit)} OFFSET ${param(offset)}
  ) r
  JOIN offers f ON f.id = r.id
  JOIN places p ON p.id = r.place_id
  JOIN procedures pr ON pr.code = r.procedure_code
  JOIN structures s ON s.id = r.structure_id
 ORDER BY ${criteria.near ? 'r.distance_m, r.price_order, r.id' : 'r.place_commune, r.place_sort_name, r.price_order, r.id'}`;
  // A prepared statement per shape of query (the text depends on which filters are given, never
  // on their values): PostgreSQL plans it once per connection instead of at every search.
  return { name: `offer_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values };
}

export type SearchFilters = Omit<SearchCriteria, 'page' | 'pageSize' | 'openOn'>;
export type SearchSqlCriteria = SearchFilters & { distanceKey?: number };

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
  /** The raw sort distance (chord to the point): rows tie on distance exactly when it is equal. */
  distance_key: number | null;
  structure_name: string;
  credential_kinds: string[];
}

const FUNDED_LABEL = 'Gratuit pour vous : pris en charge par un pass numérique';

/** The sentence telling a person why an offer is free or what it costs. */
export function pricingLabel(kind: 'funded' | 'commercial', priceCents: number | null): string {
  return kind === 'funded' || priceCents === null ? FUNDED_LABEL : `Payant : ${formatEuros(priceCents)} TTC`;
}

/** A result as the API returns it; `nextAvailableAt` comes from the booking context (null: none soon). */
export function toSearchResultItem(row: SearchRow, nextAvailableAt: Date | null): SearchResultItem {
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
    nextAvailableAt: nextAvailableAt?.toISOString() ?? null,
  };
}
