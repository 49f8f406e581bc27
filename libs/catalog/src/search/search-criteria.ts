/** Modalities and credential kinds as stored (national standard values, see the catalog migration). */
export const SEARCH_MODALITIES = ['on_site', 'phone', 'video', 'at_home', 'itinerant'] as const;
export const SEARCH_CREDENTIAL_KINDS = [
  'aptic',
  'france_services',
  'conseiller_numerique',
  'aidants_connect',
  'siv_habilitation',
] as const;

export const SEARCH_DEFAULT_RADIUS_KM = 10;
export const SEARCH_MAX_RADIUS_KM = 200;
export const SEARCH_DEFAULT_PAGE_SIZE = 20;
export const SEARCH_MAX_PAGE_SIZE = 50;
export const SEARCH_MAX_PAGE = 100;

/** What a search asks for, already validated (the API's query DTO checks types and bounds). */
export interface SearchCriteria {
  procedure?: string;
  category?: string;
  /** A point (WGS84) and a radius in kilometres; exclusive with postcode and insee. */
  near?: { lat: number; lon: number; radiusKm: number };
  postcode?: string;
  insee?: string;
  modality?: string;
  credential?: string;
  freeOnly?: boolean;
  maxPriceCents?: number;
  /** YYYY-MM-DD: keep places open that day according to their OSM opening_hours. */
  openOn?: string;
  page: number;
  pageSize: number;
}

export interface SearchResultItem {
  id: string;
  procedure: { code: string; title: string };
  place: {
    id: string;
    name: string;
    address: string;
    postcode: string;
    commune: string;
    lat: number | null;
    lon: number | null;
    distanceKm: number | null;
    openingHours: string | null;
  };
  structure: { id: string; name: string };
  modality: string;
  durationMinutes: number;
  pricing: { kind: 'funded' | 'commercial'; priceCents: number | null; label: string };
  credentials: string[];
  /** Start of the earliest free slot within the booking horizon (ISO instant), null when none. */
  nextAvailableAt: string | null;
}

export interface SearchPage {
  items: SearchResultItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}
