import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PlaceMove } from '../offers';
import { PLACE_COLUMN_TYPES, PLACE_DATA_COLUMNS, type PlaceRecord } from './place-record';

/** A place to write: the file's record, its structure, and our modalities for a new place. */
export interface PlaceWrite extends PlaceRecord {
  structure_id: string;
  modalities: string[];
}

/** A row to plan: its structure is not known yet when the import is to create it. */
export type PlannedWrite = Omit<PlaceWrite, 'structure_id'> & { structure_id: string | null };

export interface NewStructure {
  name: string;
  siret: string | null;
  rna: string | null;
}

/** Serialises imports: matching then inserting is only safe one file at a time. */
const IMPORT_LOCK = 0x0a11_da7a;

const RECORDSET = [
  'open_data_id text',
  'structure_id uuid',
  'modalities text[]',
  ...PLACE_DATA_COLUMNS.map((column) => `${column} ${PLACE_COLUMN_TYPES[column]}`),
].join(', ');
const WRITTEN = ['structure_id', ...PLACE_DATA_COLUMNS];

/** A place the file changes, as it stands now and as the file would write it. */
export interface PlaceChange {
  /** Index of the row in the batch given to planChanges. */
  rowIndex: number;
  placeId: string;
  oldStructureId: string;
  /** Null when the row's structure does not exist yet (the import creates it). */
  newStructureId: string | null;
  oldDepartement: string;
  newDepartement: string;
  hasOffers: boolean;
}

/**
 * Each row matched to an existing place: by open-data id, else by our own id, which is what the
 * export writes for places created here.
 */
const MATCHED = `
  input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(row_index int, ${RECORDSET})
  ), matched AS (
    SELECT i.*, coalesce(by_open_id.id, by_id.id) AS place_id
    FROM input i
    LEFT JOIN places by_open_id ON by_open_id.open_data_id = i.open_data_id
    LEFT JOIN places by_id ON by_open_id.id IS NULL AND by_id.open_data_id IS NULL
      AND by_id.id = CASE WHEN i.open_data_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                          THEN i.open_data_id::uuid END
  )`;
const DIFFERS = `(${WRITTEN.map((column) => `p.${column}`).join(', ')}) IS DISTINCT FROM (${WRITTEN.map((column) => `m.${column}`).join(', ')})`;

/** The existing places a batch would change (read only: the import locks them next, in id order). */
const PLAN_CHANGES = `
  WITH ${MATCHED}
  SELECT m.row_index, p.id AS place_id, p.structure_id AS old_structure_id, m.structure_id AS new_structure_id,
         p.departement AS old_departement, m.departement AS new_departement,
         EXISTS (SELECT 1 FROM offers o WHERE o.place_id = p.id) AS has_offers
  FROM matched m JOIN places p ON p.id = m.place_id
  WHERE ${DIFFERS}`;

/**
 * One statement per batch: update only the matched rows that differ (so a re-import touches
 * nothing), insert the rest.
 */
const UPSERT_PLACES = `
  WITH ${MATCHED}, updated AS (
    UPDATE places p
    SET ${WRITTEN.map((column) => `${column} = m.${column}`).join(', ')}, updated_at = now()
    FROM matched m
    JOIN places old ON old.id = m.place_id
    WHERE p.id = m.place_id AND ${DIFFERS}
    RETURNING p.id, p.structure_id, old.departement AS old_departement, p.departement AS new_departement
  ), inserted AS (
    INSERT INTO places (open_data_id, modalities, ${WRITTEN.join(', ')})
    SELECT open_data_id, modalities, ${WRITTEN.join(', ')} FROM matched WHERE place_id IS NULL
    RETURNING id
  )
  SELECT (SELECT count(*) FROM inserted)::int AS created, (SELECT count(*) FROM updated)::int AS updated,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('placeId', id, 'structureId', structure_id,
                                                       'oldDepartement', old_departement, 'newDepartement', new_departement)), '[]')
            FROM updated WHERE new_departement <> old_departement) AS moved`;

@Injectable()
export class OpenDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lockImports(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  /** Existing structures by SIRET or RNA: pivot → structure id. */
  async findStructures(manager: EntityManager, sirets: string[], rnas: string[]): Promise<Map<string, string>> {
    const rows: { id: string; siret: string | null; rna: string | null }[] = await manager.query(
      `SELECT id, siret, rna FROM structures WHERE siret = ANY($1::char(14)[]) OR rna = ANY($2::char(10)[])`,
      [sirets, rnas],
    );
    const found = new Map<string, string>();
    for (const row of rows) {
      if (row.siret) found.set(row.siret, row.id);
      if (row.rna) found.set(row.rna, row.id);
    }
    return found;
  }

  /** Creates each structure's organisation (kind 'structure') then the structure, same id. */
  async createStructures(manager: EntityManager, structures: NewStructure[]): Promise<string[]> {
    const ids = structures.map(() => randomUUID());
    const names = structures.map((structure) => structure.name);
    await manager.query(
      `INSERT INTO organisations (id, kind, name) SELECT id, 'structure', name FROM unnest($1::uuid[], $2::text[]) AS t(id, name)`,
      [ids, names],
    );
    await manager.query(
      `INSERT INTO structures (id, name, siret, rna)
       SELECT id, name, siret, rna FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, name, siret, rna)`,
      [ids, names, structures.map((s) => s.siret), structures.map((s) => s.rna)],
    );
    return ids;
  }

  /** The existing places this batch would change; `rowIndex` is the row's index in `places`. */
  async planChanges(manager: EntityManager, places: PlannedWrite[]): Promise<PlaceChange[]> {
    const rows: {
      row_index: number;
      place_id: string;
      old_structure_id: string;
      new_structure_id: string | null;
      old_departement: string;
      new_departement: string;
      has_offers: boolean;
    }[] = await manager.query(PLAN_CHANGES, [toJson(places)]);
    return rows.map((row) => ({
      rowIndex: row.row_index,
      placeId: row.place_id,
      oldStructureId: row.old_structure_id,
      newStructureId: row.new_structure_id,
      oldDepartement: row.old_departement,
      newDepartement: row.new_departement,
      hasOffers: row.has_offers,
    }));
  }

  /** Row locks on the places an import is about to change, in id order (as every other writer). */
  async lockPlaces(manager: EntityManager, placeIds: readonly string[]): Promise<void> {
    await manager.query('SELECT id FROM places WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [placeIds]);
  }

  /** Writes the places; `moved` lists the updated ones whose département changed. */
  async upsertPlaces(manager: EntityManager, places: PlaceWrite[]): Promise<{ created: number; updated: number; moved: PlaceMove[] }> {
    const [result] = await manager.query(UPSERT_PLACES, [toJson(places)]);
    return result as { created: number; updated: number; moved: PlaceMove[] };
  }

  /** A page of places in the standard's terms, in id order (keyset pagination: pass the last id). */
  async exportPage(afterId: string | null, limit: number): Promise<{ id: string; record: PlaceRecord }[]> {
    const rows: (PlaceRecord & { id: string })[] = await this.dataSource.query(
      `SELECT p.id, coalesce(p.open_data_id, p.id::text) AS open_data_id,
              coalesce(s.siret, s.rna) AS pivot, CASE WHEN s.siret IS NULL THEN 'rna' ELSE 'siret' END AS pivot_kind,
              ${PLACE_DATA_COLUMNS.filter((column) => column !== 'updated_on').map((column) => `p.${column}`).join(', ')},
              to_char(p.updated_on, 'YYYY-MM-DD') AS updated_on
       FROM places p JOIN structures s ON s.id = p.structure_id
       WHERE $1::uuid IS NULL OR p.id > $1::uuid
       ORDER BY p.id
       LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(({ id, ...record }) => ({ id, record }));
  }
}

/** The rows as SQL reads them (jsonb_to_recordset), each with its index in the batch. */
function toJson(places: PlannedWrite[]): string {
  return JSON.stringify(places.map(({ pivot: _pivot, pivot_kind: _kind, ...columns }, index) => ({ row_index: index, ...columns })));
}
