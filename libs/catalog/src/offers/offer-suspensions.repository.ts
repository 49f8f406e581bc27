import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { OfferModality } from './offer.entities';
import { capInForceSql, type SuspensionScope } from './offer.repositories';

export interface PlaceMoveRecord {
  placeId: string;
  structureId: string;
  oldDepartement: string;
  newDepartement: string;
  /** Null when the open-data import moved it. */
  changedBy: string | null;
  suspendedOffers: number;
}

export interface CapEventRow {
  procedureCode: string;
  procedureTitle: string;
  departement: string | null;
  newMaxPriceCents: number;
  reason: string;
  setAt: Date;
}

export interface PlaceMoveRow {
  placeId: string;
  placeName: string;
  structureId: string;
  oldDepartement: string;
  newDepartement: string;
  changedAt: Date;
}

export interface SuspendedOfferRow {
  offerId: string;
  procedureTitle: string;
  placeName: string;
  placeEmails: string[];
  priceCents: number;
  /** The cap in force now; null if none (the offer can then be reactivated at any price). */
  maxPriceCents: number | null;
  capDepartement: string | null;
}

/**
 * What a place change needs of its offers (locks, modalities in use) and what a notice of
 * suspended offers re-reads: SQL on offers, places, procedures and the two event tables.
 */
@Injectable()
export class OfferSuspensionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async proceduresAtPlaces(placeIds: readonly string[], manager: EntityManager): Promise<string[]> {
    const rows: { procedure_code: string }[] = await manager.query(
      'SELECT DISTINCT procedure_code FROM offers WHERE place_id = ANY($1::uuid[]) ORDER BY procedure_code',
      [placeIds],
    );
    return rows.map((row) => row.procedure_code);
  }

  /** Locks the place's offers (id order), as an offer edit does before it reads the place. */
  async lockOffersAtPlace(placeId: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT id FROM offers WHERE place_id = $1 ORDER BY id FOR UPDATE', [placeId]);
  }

  /** The same for many places at once (an import's moves), in one id order across them. */
  async lockOffersAtPlaces(placeIds: readonly string[], manager: EntityManager): Promise<void> {
    await manager.query('SELECT id FROM offers WHERE place_id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [placeIds]);
  }

  async offersWithModalityOutside(
    placeId: string,
    modalities: readonly OfferModality[],
    manager: EntityManager,
  ): Promise<{ id: string; modality: OfferModality }[]> {
    return manager.query(
      'SELECT id, modality FROM offers WHERE place_id = $1 AND NOT (modality = ANY($2::text[])) ORDER BY created_at, id',
      [placeId, modalities],
    );
  }

  async recordPlaceMove(move: PlaceMoveRecord, manager: EntityManager): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO place_departement_changes (place_id, structure_id, old_departement, new_departement, changed_by, suspended_offers)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [move.placeId, move.structureId, move.oldDepartement, move.newDepartement, move.changedBy, move.suspendedOffers],
    );
    return row.id;
  }

  async findCapEvent(capHistoryId: string): Promise<CapEventRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT h.procedure_code, pr.title, h.departement, h.new_max_price_cents, h.reason, h.set_at
         FROM price_cap_history h JOIN procedures pr ON pr.code = h.procedure_code WHERE h.id = $1`,
      [capHistoryId],
    );
    if (!row) return null;
    return {
      procedureCode: row.procedure_code,
      procedureTitle: row.title,
      departement: row.departement,
      newMaxPriceCents: toSafeInteger(row.new_max_price_cents),
      reason: row.reason,
      setAt: row.set_at,
    };
  }

  async findPlaceMove(placeMoveId: string): Promise<PlaceMoveRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT m.place_id, p.name, m.structure_id, m.old_departement, m.new_departement, m.changed_at
         FROM place_departement_changes m JOIN places p ON p.id = m.place_id WHERE m.id = $1`,
      [placeMoveId],
    );
    if (!row) return null;
    return {
      placeId: row.place_id,
      placeName: row.name,
      structureId: row.structure_id,
      oldDepartement: row.old_departement,
      newDepartement: row.new_departement,
      changedAt: row.changed_at,
    };
  }

  /** The structure's offers still suspended over a cap, of one procedure (and département) or at one place. */
  async stillSuspended(structureId: string, scope: SuspensionScope): Promise<SuspendedOfferRow[]> {
    const [where, params] =
      'placeId' in scope
        ? ['o.place_id = $2', [structureId, scope.placeId]]
        : scope.departement === null
          ? ['o.procedure_code = $2', [structureId, scope.procedureCode]]
          : ['o.procedure_code = $2 AND p.departement = $3', [structureId, scope.procedureCode, scope.departement]];
    const rows: {
      id: string;
      title: string;
      name: string;
      emails: string[];
      price_cents: string;
      max_price_cents: string | null;
      cap_departement: string | null;
    }[] = await this.dataSource.query(
      `SELECT o.id, pr.title, p.name, p.emails, o.price_cents, cap.max_price_cents, cap.departement AS cap_departement
         FROM offers o
         JOIN places p ON p.id = o.place_id
         JOIN procedures pr ON pr.code = o.procedure_code
         LEFT JOIN LATERAL (${capInForceSql('o.procedure_code', 'p.departement', 'c.max_price_cents, c.departement')}) cap ON true
        WHERE o.structure_id = $1 AND o.status = 'suspended_over_cap' AND ${where}
        ORDER BY pr.title, p.name, o.id`,
      params,
    );
    return rows.map((row) => ({
      offerId: row.id,
      procedureTitle: row.title,
      placeName: row.name,
      placeEmails: row.emails,
      priceCents: toSafeInteger(row.price_cents),
      maxPriceCents: row.max_price_cents === null ? null : toSafeInteger(row.max_price_cents),
      capDepartement: row.cap_departement,
    }));
  }

  async structureName(structureId: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT name FROM structures WHERE id = $1', [structureId]);
    return row?.name ?? null;
  }
}
