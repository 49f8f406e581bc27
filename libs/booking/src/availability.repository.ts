import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Interval, OpeningRule } from './slot-generation';

/**
 * What booking needs of an offer. A SQL join on the catalog tables, read-only: the catalog's
 * OfferService only serves an offer to members of its structure, while slots and bookings are
 * public (anyone lists slots, a beneficiary books), and the booking freezes price and checklist.
 */
export interface BookableOffer {
  id: string;
  structureId: string;
  placeId: string;
  procedureCode: string;
  status: string;
  durationMinutes: number;
  pricingKind: 'funded' | 'commercial';
  priceCents: number;
  documents: unknown[];
}

export interface ClosureRow {
  id: string;
  offerId: string | null;
  placeId: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

const CLOSURE_COLUMNS = 'id, offer_id AS "offerId", place_id AS "placeId", starts_at AS "startsAt", ends_at AS "endsAt", reason';

@Injectable()
export class AvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findOffer(offerId: string, manager?: EntityManager): Promise<BookableOffer | null> {
    const rows: BookableOffer[] = await this.db(manager).query(
      `SELECT o.id, o.structure_id AS "structureId", o.place_id AS "placeId", o.procedure_code AS "procedureCode",
              o.status, o.duration_minutes AS "durationMinutes", o.pricing_kind AS "pricingKind",
              coalesce(o.price_cents, 0)::int AS "priceCents", pr.documents
         FROM offers o JOIN procedures pr ON pr.code = o.procedure_code
        WHERE o.id = $1`,
      [offerId],
    );
    return rows[0] ?? null;
  }

  async replaceRules(offerId: string, rules: OpeningRule[], manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM opening_rules WHERE offer_id = $1', [offerId]);
    for (const rule of rules) {
      await manager.query(
        `INSERT INTO opening_rules (offer_id, weekday, start_time, end_time, capacity, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [offerId, rule.weekday, rule.startTime, rule.endTime, rule.capacity, rule.validFrom, rule.validUntil],
      );
    }
  }

  listRules(offerId: string, manager?: EntityManager): Promise<OpeningRule[]> {
    return this.db(manager).query(
      `SELECT weekday, to_char(start_time, 'HH24:MI') AS "startTime", to_char(end_time, 'HH24:MI') AS "endTime", capacity,
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_until, 'YYYY-MM-DD') AS "validUntil"
         FROM opening_rules WHERE offer_id = $1 ORDER BY weekday, start_time`,
      [offerId],
    );
  }

  /** Closures of the offer or of its whole place that overlap the period. */
  closuresOverlapping(offer: { id: string; placeId: string }, period: Interval, manager?: EntityManager): Promise<ClosureRow[]> {
    return this.db(manager).query(
      `SELECT ${CLOSURE_COLUMNS} FROM closures
        WHERE (offer_id = $1 OR place_id = $2) AND starts_at < $4 AND ends_at > $3
        ORDER BY starts_at`,
      [offer.id, offer.placeId, period.startsAt, period.endsAt],
    );
  }

  async addClosure(
    closure: { offerId: string | null; placeId: string | null; startsAt: Date; endsAt: Date; reason: string; createdBy: string },
    manager?: EntityManager,
  ): Promise<ClosureRow> {
    const [row] = await this.db(manager).query(
      `INSERT INTO closures (offer_id, place_id, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CLOSURE_COLUMNS}`,
      [closure.offerId, closure.placeId, closure.startsAt, closure.endsAt, closure.reason, closure.createdBy],
    );
    return row as ClosureRow;
  }

  /** The closure and the structure it belongs to (through its offer or its place). */
  async findClosure(closureId: string): Promise<(ClosureRow & { structureId: string }) | null> {
    const rows = await this.db().query(
      `SELECT c.id, c.offer_id AS "offerId", c.place_id AS "placeId", c.starts_at AS "startsAt", c.ends_at AS "endsAt", c.reason,
              coalesce(o.structure_id, p.structure_id) AS "structureId"
         FROM closures c LEFT JOIN offers o ON o.id = c.offer_id LEFT JOIN places p ON p.id = c.place_id
        WHERE c.id = $1`,
      [closureId],
    );
    return rows[0] ?? null;
  }

  async deleteClosure(closureId: string): Promise<void> {
    await this.db().query('DELETE FROM closures WHERE id = $1', [closureId]);
  }

  /** Booked counts of the offer's occupied slots in the period, by start instant (ms). */
  async bookedCounts(offerId: string, period: Interval): Promise<Map<number, number>> {
    const rows: { starts_at: Date; booked: number }[] = await this.db().query(
      'SELECT starts_at, booked FROM slot_occupancy WHERE offer_id = $1 AND starts_at >= $2 AND starts_at < $3',
      [offerId, period.startsAt, period.endsAt],
    );
    return new Map(rows.map((row) => [row.starts_at.getTime(), row.booked]));
  }
}
