import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import { OfferPlaceRules, type PlaceMove } from '../offers';
import { parsePlacesCsv, type ParsedFile, type RowError } from './csv-codec';
import { OpenDataRepository, type NewStructure, type PlaceChange, type PlannedWrite } from './open-data.repository';
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

/** Row error code: the row gives a place with offers to another structure than theirs. */
export const PLACE_HAS_OFFERS_OF_ITS_STRUCTURE = 'PLACE_HAS_OFFERS_OF_ITS_STRUCTURE';

const DEFAULT_BATCH = 2_000;
/** A whole import is run again at most this many times when a concurrent edit raced it. */
const MAX_ATTEMPTS = 5;
const DEADLOCK_DETECTED = '40P01';

/** Thrown inside the import's transaction when a concurrent edit changed what it planned: run it again. */
class ImportRaced extends Error {}

/**
 * Imports a file in the national standard as structures and places: all or nothing (one
 * transaction, and nothing at all when a row is invalid), idempotent (places matched by the
 * file's id, structures by SIRET or RNA; unchanged rows are not touched). A place the file moves
 * to another département suspends its offers above the cap in force there (OfferPlaceRules).
 *
 * A place that has offers keeps its structure: its offers, and their bookings, redemptions and
 * payouts, are that structure's, so a row giving it to another one is refused (and PostgreSQL
 * refuses it too: offers (place_id, structure_id) reference places (id, structure_id)).
 *
 * Lock order, the same as a place's PATCH and an offer's edit: the cap locks of the moving places'
 * offers (shared), those offers, then the changed places, all in id order, before any write.
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
    options.onProgress?.({ phase: 'parsed', done: 0, total: parsed.records.length });

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run((manager) => this.write(parsed, options, manager));
      } catch (error) {
        // The edits an import races are short: the next attempt finds them committed.
        if (attempt >= MAX_ATTEMPTS || !(error instanceof ImportRaced || isDeadlock(error))) throw error;
      }
    }
  }

  private async write(parsed: ParsedFile, options: ImportOptions, manager: EntityManager): Promise<ImportOutcome> {
    const total = parsed.records.length;
    await this.repository.lockImports(manager);
    const structureIds = await this.repository.findStructures(
      manager,
      distinct(parsed.records.filter((r) => r.pivot_kind === 'siret').map((r) => r.pivot)),
      distinct(parsed.records.filter((r) => r.pivot_kind === 'rna').map((r) => r.pivot)),
    );
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    const batches: PlannedWrite[][] = [];
    for (let start = 0; start < total; start += batchSize) {
      batches.push(
        parsed.records
          .slice(start, start + batchSize)
          .map((record) => ({ ...record, structure_id: structureIds.get(record.pivot) ?? null, modalities: modalitiesOf(record) })),
      );
    }

    const changes = await this.planChanges(batches, batchSize, manager);
    const refused = changes.filter(givesOffersAway);
    if (refused.length > 0) return { ok: false, rows: total, errors: refused.map((change) => refusal(parsed, change)) };
    const moving = changes.filter(moves).map((change) => change.placeId);
    const lockedProcedures = await this.offerRules.lockForImportedMoves(moving, manager);
    await this.repository.lockPlaces(manager, changes.map((change) => change.placeId));
    // Planned before the locks: what a PATCH committed in between must not escape them.
    const lockedPlaces = new Set(changes.map((change) => change.placeId));
    const movingPlaces = new Set(moving);
    for (const change of await this.planChanges(batches, batchSize, manager)) {
      if (!lockedPlaces.has(change.placeId) || (moves(change) && !movingPlaces.has(change.placeId)) || givesOffersAway(change)) {
        throw new ImportRaced();
      }
    }

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
    for (const [index, batch] of batches.entries()) {
      const counts = await this.repository.upsertPlaces(
        manager,
        batch.map((row) => ({ ...row, structure_id: structureIds.get(row.pivot)! })),
      );
      created += counts.created;
      updated += counts.updated;
      moved.push(...counts.moved);
      options.onProgress?.({ phase: 'places', done: Math.min((index + 1) * batchSize, total), total });
    }
    // A place the file puts in another département re-checks its offers' caps, as a PATCH does.
    const outcomes = await this.offerRules.afterImportedMoves(moved, lockedProcedures, manager);
    if (outcomes === null) throw new ImportRaced();
    return {
      ok: true as const,
      rows: total,
      structures: { created: missing.size, matched },
      places: { created, updated, unchanged: total - created - updated },
      suspendedOffers: outcomes.reduce((sum, outcome) => sum + outcome.suspendedOfferIds.length, 0),
    };
  }

  /** The existing places the file changes; `rowIndex` is the row's index in the whole file. */
  private async planChanges(batches: PlannedWrite[][], batchSize: number, manager: EntityManager): Promise<PlaceChange[]> {
    const changes: PlaceChange[] = [];
    for (const [index, batch] of batches.entries()) {
      for (const change of await this.repository.planChanges(manager, batch)) {
        changes.push({ ...change, rowIndex: index * batchSize + change.rowIndex });
      }
    }
    return changes;
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

function moves(change: PlaceChange): boolean {
  return change.newDepartement !== change.oldDepartement;
}

function givesOffersAway(change: PlaceChange): boolean {
  return change.hasOffers && change.newStructureId !== change.oldStructureId;
}

function refusal(parsed: ParsedFile, change: PlaceChange): RowError {
  const record = parsed.records[change.rowIndex]!;
  return {
    line: parsed.lines[change.rowIndex]!,
    column: 'pivot',
    code: PLACE_HAS_OFFERS_OF_ITS_STRUCTURE,
    message:
      `place "${record.open_data_id}" has offers of its structure, which keeps them (with their bookings and payments): ` +
      `it cannot move to ${record.pivot_kind.toUpperCase()} ${record.pivot}; give the new structure's place another id`,
  };
}

function isDeadlock(error: unknown): boolean {
  const { code, driverError } = error as { code?: string; driverError?: { code?: string } };
  return code === DEADLOCK_DETECTED || driverError?.code === DEADLOCK_DETECTED;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
