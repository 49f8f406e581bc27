import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@passerelle/database';
import { OfferPlaceRules, type PlaceMove } from '../offers';
import { parsePlacesCsv, type RowError } from './csv-codec';
import { OpenDataRepository, type NewStructure, type PlaceWrite } from './open-data.repository';
import type { PlaceRecord } from './place-record';

export interface ImportProgress {
  phase: 'parsed' | 'structures' | 'places';
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per SQL statement. */
  batchSize?: number;
}

export type ImportOutcome =
  | {
      ok: true;
      rows: number;
      structures: { created: number; matched: number };
      places: { created: number; updated: number; unchanged: number };
      /** Commercial offers suspended because their place moved to a département with a lower cap. */
      suspendedOffers: number;
    }
  | { ok: false; rows: number; errors: RowError[] };

const DEFAULT_BATCH = 2_000;

/**
 * Imports a file in the national standard as structures and places: all or nothing (one
 * transaction, and nothing at all when a row is invalid), idempotent (places matched by the
 * file's id, structures by SIRET or RNA; unchanged rows are not touched). A place the file moves
 * to another département suspends its offers above the cap in force there (OfferPlaceRules).
 */
@Injectable()
export class OpenDataImportService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: OpenDataRepository,
    private readonly offerRules: OfferPlaceRules,
  ) {}

  async importCsv(input: Buffer | string, options: ImportOptions = {}): Promise<ImportOutcome> {
    const parsed = parsePlacesCsv(input);
    const rows = parsed.records.length + new Set(parsed.errors.map((error) => error.line)).size;
    if (parsed.errors.length > 0) return { ok: false, rows, errors: parsed.errors };
    const total = parsed.records.length;
    options.onProgress?.({ phase: 'parsed', done: 0, total });

    return this.transactions.run(async (manager) => {
      await this.repository.lockImports(manager);
      const structureIds = await this.repository.findStructures(
        manager,
        distinct(parsed.records.filter((r) => r.pivot_kind === 'siret').map((r) => r.pivot)),
        distinct(parsed.records.filter((r) => r.pivot_kind === 'rna').map((r) => r.pivot)),
      );
      const matched = new Set(parsed.records.map((r) => r.pivot).filter((pivot) => structureIds.has(pivot))).size;
      const missing = new Map<string, NewStructure>();
      for (const record of parsed.records) {
        if (structureIds.has(record.pivot) || missing.has(record.pivot)) continue;
        missing.set(record.pivot, {
          // The standard has no structure name: the parent entity when given, else the first place.
          name: (record.parent_structure ?? record.name).slice(0, 200),
          siret: record.pivot_kind === 'siret' ? record.pivot : null,
          rna: record.pivot_kind === 'rna' ? record.pivot : null,
        });
      }
      if (missing.size > 0) {
        const ids = await this.repository.createStructures(manager, [...missing.values()]);
        [...missing.keys()].forEach((pivot, index) => structureIds.set(pivot, ids[index]!));
      }
      options.onProgress?.({ phase: 'structures', done: 0, total });

      let created = 0;
      let updated = 0;
      const moved: PlaceMove[] = [];
      const batchSize = options.batchSize ?? DEFAULT_BATCH;
      for (let start = 0; start < total; start += batchSize) {
        const batch = parsed.records.slice(start, start + batchSize).map(
          (record): PlaceWrite => ({ ...record, structure_id: structureIds.get(record.pivot)!, modalities: modalitiesOf(record) }),
        );
        const counts = await this.repository.upsertPlaces(manager, batch);
        created += counts.created;
        updated += counts.updated;
        moved.push(...counts.moved);
        options.onProgress?.({ phase: 'places', done: Math.min(start + batchSize, total), total });
      }
      // A place the file puts in another département re-checks its offers' caps, as a PATCH does.
      const moves = await this.offerRules.afterImportedMoves(moved, manager);
      return {
        ok: true as const,
        rows: total,
        structures: { created: missing.size, matched },
        places: { created, updated, unchanged: total - created - updated },
        suspendedOffers: moves.reduce((sum, move) => sum + move.suspendedOfferIds.length, 0),
      };
    });
  }
}

/** Our own modalities for a new place, read from the standard's fields (kept as is on update). */
export function modalitiesOf(record: PlaceRecord): string[] {
  const modalities: string[] = [];
  if (!record.access_modes.includes("Ce lieu n'accueille pas de public")) modalities.push('on_site');
  if (record.support_modes.includes('À distance')) modalities.push('phone', 'video');
  if (record.itinerance.includes('Itinérant')) modalities.push('itinerant');
  return modalities;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
