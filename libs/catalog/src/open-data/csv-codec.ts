import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import OpeningHours from 'opening_hours';
import { departementOf, parsePivot } from '../structures/identifiers';
import type { PlaceRecord } from './place-record';
import {
  ENUMS,
  ETAPES_NUMERIQUES,
  ETAPES_NUMERIQUES_SCHEMA_SPELLING,
  LEGACY_VALUES,
  LIST_SEPARATOR,
  REQUIRED_COLUMNS,
  STANDARD_COLUMNS,
  normaliseApostrophes,
  type EnumColumn,
  type ListColumn,
  type StandardColumn,
  type StandardRow,
} from './standard';

/** One problem in a file: `line` is the physical line (the header is line 1). */
export interface RowError {
  line: number;
  column: string | null;
  message: string;
  /** A stable reason, for the rows refused by what is in the database rather than by the file itself. */
  code?: string;
}

export interface ParsedFile {
  records: PlaceRecord[];
  /** Line of each record, same order. */
  lines: number[];
  errors: RowError[];
}

const PHONE = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/;
const INSEE = /^([013-9]\d|2[AB1-9])\d{3}$/;
const MAX_LENGTH: Partial<Record<StandardColumn, number>> = { id: 200, nom: 200, adresse: 300, commune: 120, presentation_resume: 280 };
/** Lists whose values are free text: only `|` separates them (the others also accept the legacy `;`). */
const PIPE_ONLY: readonly ListColumn[] = ['autres_formations_labels', 'site_web'];
const ENUM_SETS = Object.fromEntries(Object.entries(ENUMS).map(([column, values]) => [column, new Set<string>(values)])) as Record<
  EnumColumn,
  Set<string>
>;

/** Parses and validates a whole file (UTF-8, BOM tolerated); the records are normalised. */
export function parsePlacesCsv(input: Buffer | string, options: { checkOpeningHours?: boolean } = {}): ParsedFile {
  const errors: RowError[] = [];
  let raw: { record: string[]; info: { lines: number } }[];
  try {
    raw = parse(input, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof raw;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { records: [], lines: [], errors: [{ line, column: null, message: `Unreadable CSV: ${(error as Error).message}` }] };
  }
  if (raw.length === 0) return { records: [], lines: [], errors: [{ line: 1, column: null, message: 'Empty file: no header row.' }] };

  const header = raw[0]!.record.map((name) => name.trim());
  const index = new Map(header.map((name, position) => [name, position]));
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    return {
      records: [],
      lines: [],
      errors: missing.map((column) => ({ line: 1, column, message: `Required column "${column}" is missing from the header.` })),
    };
  }

  const records: PlaceRecord[] = [];
  const lines: number[] = [];
  const seenIds = new Map<string, number>();
  const hoursCache = new Map<string, boolean>();
  for (const { record: cells, info } of raw.slice(1)) {
    const line = info.lines;
    if (cells.length !== header.length) {
      errors.push({ line, column: null, message: `Expected ${header.length} cells, found ${cells.length}.` });
      continue;
    }
    const row = {} as StandardRow;
    for (const column of STANDARD_COLUMNS) {
      const position = index.get(column);
      row[column] = position === undefined ? '' : normaliseApostrophes(cells[position]!.trim());
    }
    const rowErrors: RowError[] = [];
    const record = fromStandardRow(row, (column, message) => rowErrors.push({ line, column, message }), {
      checkOpeningHours: options.checkOpeningHours ?? true,
      hoursCache,
    });
    const previous = seenIds.get(row.id);
    if (row.id && previous !== undefined) rowErrors.push({ line, column: 'id', message: `Duplicate id "${row.id}" (first on line ${previous}).` });
    else if (row.id) seenIds.set(row.id, line);
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else {
      records.push(record!);
      lines.push(line);
    }
  }
  return { records, lines, errors };
}

type Report = (column: StandardColumn, message: string) => void;

function fromStandardRow(
  row: StandardRow,
  report: Report,
  options: { checkOpeningHours: boolean; hoursCache: Map<string, boolean> },
): PlaceRecord | null {
  for (const column of REQUIRED_COLUMNS) if (row[column] === '') report(column, 'Required value is empty.');
  for (const [column, max] of Object.entries(MAX_LENGTH) as [StandardColumn, number][]) {
    if (row[column].length > max) report(column, `At most ${max} characters (got ${row[column].length}).`);
  }
  const pivot = row.pivot ? parsePivot(row.pivot) : null;
  if (row.pivot && !pivot) report('pivot', `"${row.pivot}" is neither a SIRET (14 digits, valid key) nor an RNA number (W + 9).`);
  if (row.code_postal && !/^\d{5}$/.test(row.code_postal)) report('code_postal', `"${row.code_postal}" is not a 5-digit postcode.`);
  const insee = row.code_insee ? row.code_insee.toUpperCase() : null;
  if (insee && !INSEE.test(insee)) report('code_insee', `"${row.code_insee}" is not a commune INSEE code.`);
  const departement = /^\d{5}$/.test(row.code_postal) ? departementOf(row.code_postal, insee && INSEE.test(insee) ? insee : null) : null;
  if (/^\d{5}$/.test(row.code_postal) && !departement) report('code_postal', `No French département for "${row.code_postal}".`);

  const latitude = coordinate(row, 'latitude', 90, report);
  const longitude = coordinate(row, 'longitude', 180, report);
  if ((row.latitude === '') !== (row.longitude === '')) {
    report(row.latitude === '' ? 'latitude' : 'longitude', 'Latitude and longitude go together.');
  }

  const phone = row.telephone ? normalisePhone(row.telephone) : null;
  if (phone && !PHONE.test(phone)) report('telephone', `"${row.telephone}" is not a phone number (+33 then 9 digits, or an overseas prefix).`);
  const updatedOn = isoDate(row.date_maj);
  if (row.date_maj && !updatedOn) report('date_maj', `"${row.date_maj}" is not an ISO date (YYYY-MM-DD).`);
  const hours = row.horaires || null;
  if (hours && options.checkOpeningHours && !validOpeningHours(hours, options.hoursCache)) {
    report('horaires', `"${hours}" is not an OSM opening_hours value.`);
  }

  const list = (column: ListColumn): string[] => {
    const separator = PIPE_ONLY.includes(column) ? LIST_SEPARATOR : /[|;]/;
    const values = row[column].split(separator).map((value) => value.trim()).filter((value) => value !== '');
    if (!(column in ENUMS)) return [...new Set(values)];
    const allowed = ENUM_SETS[column as EnumColumn];
    const legacy = LEGACY_VALUES[column as EnumColumn] ?? {};
    const mapped: string[] = [];
    for (const value of values) {
      const canonical = allowed.has(value) ? value : legacy[value];
      if (canonical) mapped.push(canonical);
      else report(column, `Unknown value "${value}".`);
    }
    return [...new Set(mapped)];
  };

  const record: PlaceRecord = {
    open_data_id: row.id,
    pivot: pivot?.value ?? '',
    pivot_kind: pivot?.kind ?? 'siret',
    name: row.nom,
    commune: row.commune,
    postcode: row.code_postal,
    insee_code: insee,
    departement: departement ?? '',
    address: row.adresse,
    address_complement: row.complement_adresse || null,
    latitude,
    longitude,
    typologies: list('typologie'),
    phone,
    emails: list('courriels'),
    websites: list('site_web'),
    opening_hours: hours,
    summary: row.presentation_resume || null,
    description: row.presentation_detail || null,
    source: row.source || null,
    itinerance: list('itinerance'),
    parent_structure: row.structure_parente || null,
    updated_on: updatedOn ?? '',
    services: list('services'),
    publics: list('publics_specifiquement_adresses'),
    specific_support: list('prise_en_charge_specifique'),
    fees: list('frais_a_charge'),
    national_programmes: list('dispositif_programmes_nationaux'),
    training_labels: list('formations_labels'),
    other_labels: list('autres_formations_labels'),
    access_modes: list('modalites_acces'),
    support_modes: list('modalites_accompagnement'),
    accessibility_url: row.fiche_acces_libre || null,
    booking_url: row.prise_rdv || null,
  };
  return record;
}

function coordinate(row: StandardRow, column: 'latitude' | 'longitude', bound: number, report: Report): number | null {
  const text = row[column].replace(',', '.');
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > bound) {
    report(column, `"${row[column]}" is not a ${column} between -${bound} and ${bound}.`);
    return null;
  }
  return value;
}

function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s.\-()]/g, '');
  if (/^0\d{9}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^0033\d{9}$/.test(compact)) return `+${compact.slice(2)}`;
  return compact;
}

function isoDate(raw: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(raw);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function validOpeningHours(hours: string, cache: Map<string, boolean>): boolean {
  let valid = cache.get(hours);
  if (valid === undefined) {
    try {
      new OpeningHours(hours, null, { mode: 0 } as never);
      valid = true;
    } catch {
      valid = false;
    }
    cache.set(hours, valid);
  }
  return valid;
}

/** One record as a standard row; `formations_labels` uses the schema's spelling so the file validates. */
export function toStandardRow(record: PlaceRecord): string[] {
  const join = (values: string[]) => values.join(LIST_SEPARATOR);
  const text = (value: string | null) => value ?? '';
  return [
    record.open_data_id,
    record.pivot,
    record.name,
    record.commune,
    record.postcode,
    text(record.insee_code),
    record.address,
    text(record.address_complement),
    record.latitude === null ? '' : String(record.latitude),
    record.longitude === null ? '' : String(record.longitude),
    join(record.typologies),
    text(record.phone),
    join(record.emails),
    join(record.websites),
    text(record.opening_hours),
    text(record.summary),
    text(record.description),
    text(record.source),
    join(record.itinerance),
    text(record.parent_structure),
    record.updated_on,
    join(record.services),
    join(record.publics),
    join(record.specific_support),
    join(record.fees),
    join(record.national_programmes),
    join(record.training_labels.map((label) => (label === ETAPES_NUMERIQUES ? ETAPES_NUMERIQUES_SCHEMA_SPELLING : label))),
    join(record.other_labels),
    join(record.access_modes),
    join(record.support_modes),
    text(record.accessibility_url),
    text(record.booking_url),
  ];
}

export function csvHeader(): string {
  return stringify([[...STANDARD_COLUMNS]]);
}

export function csvRows(records: PlaceRecord[]): string {
  return stringify(records.map(toStandardRow));
}

/** A whole file in memory (tests, small exports); the HTTP export streams with csvHeader/csvRows. */
export function writePlacesCsv(records: PlaceRecord[]): string {
  return csvHeader() + csvRows(records);
}
