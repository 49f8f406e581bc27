/**
 * One place as the open-data import writes it and the export reads it: keys are the `places`
 * columns (so a batch goes to SQL as JSON as is), plus the structure's pivot.
 */
export interface PlaceRecord {
  open_data_id: string;
  pivot: string;
  pivot_kind: 'siret' | 'rna';
  name: string;
  commune: string;
  postcode: string;
  insee_code: string | null;
  departement: string;
  address: string;
  address_complement: string | null;
  latitude: number | null;
  longitude: number | null;
  typologies: string[];
  phone: string | null;
  emails: string[];
  websites: string[];
  opening_hours: string | null;
  summary: string | null;
  description: string | null;
  source: string | null;
  itinerance: string[];
  parent_structure: string | null;
  updated_on: string;
  services: string[];
  publics: string[];
  specific_support: string[];
  fees: string[];
  national_programmes: string[];
  training_labels: string[];
  other_labels: string[];
  access_modes: string[];
  support_modes: string[];
  accessibility_url: string | null;
  booking_url: string | null;
}

/** The `places` columns the import writes from a file (everything but the structure and our own fields). */
export const PLACE_DATA_COLUMNS = [
  'name',
  'commune',
  'postcode',
  'insee_code',
  'departement',
  'address',
  'address_complement',
  'latitude',
  'longitude',
  'typologies',
  'phone',
  'emails',
  'websites',
  'opening_hours',
  'summary',
  'description',
  'source',
  'itinerance',
  'parent_structure',
  'updated_on',
  'services',
  'publics',
  'specific_support',
  'fees',
  'national_programmes',
  'training_labels',
  'other_labels',
  'access_modes',
  'support_modes',
  'accessibility_url',
  'booking_url',
] as const satisfies readonly (keyof PlaceRecord)[];

/** SQL type of each column, for jsonb_to_recordset. */
export const PLACE_COLUMN_TYPES: Record<(typeof PLACE_DATA_COLUMNS)[number], string> = {
  name: 'text',
  commune: 'text',
  postcode: 'text',
  insee_code: 'text',
  departement: 'text',
  address: 'text',
  address_complement: 'text',
  latitude: 'double precision',
  longitude: 'double precision',
  typologies: 'text[]',
  phone: 'text',
  emails: 'text[]',
  websites: 'text[]',
  opening_hours: 'text',
  summary: 'text',
  description: 'text',
  source: 'text',
  itinerance: 'text[]',
  parent_structure: 'text',
  updated_on: 'date',
  services: 'text[]',
  publics: 'text[]',
  specific_support: 'text[]',
  fees: 'text[]',
  national_programmes: 'text[]',
  training_labels: 'text[]',
  other_labels: 'text[]',
  access_modes: 'text[]',
  support_modes: 'text[]',
  accessibility_url: 'text',
  booking_url: 'text',
};
