import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Interval, OpeningRule } from './slot-generation';

export interface OfferRules {
  offerId: string;
  durationMinutes: number;
  rules: OpeningRule[];
}

export interface OfferInterval extends Interval {
  offerId: string;
}

export interface OfferOccupancy {
  offerId: string;
  startsAt: Date;
  booked: number;
}

/** Set-based reads for the earliest free slot of many offers: one statement each, whatever the count. */
@Injectable()
export class NextAvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active offers among `offerIds` with their duration and weekly rules (an empty list when none). */
  rulesOfActiveOffers(offerIds: string[]): Promise<OfferRules[]> {
    return this.dataSource.query(
      `SELECT o.id AS "offerId", o.duration_minutes AS "durationMinutes",
              coalesce(json_agg(json_build_object(
                'weekday', r.weekday, 'startTime', to_char(r.start_time, 'HH24:MI'), 'endTime', to_char(r.end_time, 'HH24:MI'),
                'capacity', r.capacity, 'validFrom', to_char(r.valid_from, 'YYYY-MM-DD'), 'validUntil', to_char(r.valid_until, 'YYYY-MM-DD'))
                ORDER BY r.weekday, r.start_time) FILTER (WHERE r.offer_id IS NOT NULL), '[]') AS rules
         FROM offers o LEFT JOIN opening_rules r ON r.offer_id = o.id
        WHERE o.id = ANY($1::uuid[]) AND o.status = 'active'
        GROUP BY o.id`,
      [offerIds],
    );
  }

  /** Closures of each offer or of its whole place overlapping the period (one row per offer concerned). */
  closuresOverlapping(offerIds: string[], period: Interval): Promise<OfferInterval[]> {
    return this.dataSource.query(
      `SELECT o.id AS "offerId", c.starts_at AS "startsAt", c.ends_at AS "endsAt"
         FROM offers o JOIN closures c ON c.offer_id = o.id
        WHERE o.id = ANY($1::uuid[]) AND c.starts_at < $3 AND c.ends_at > $2
       UNION ALL
       SELECT o.id, c.starts_at, c.ends_at
         FROM offers o JOIN closures c ON c.place_id = o.place_id
        WHERE o.id = ANY($1::uuid[]) AND c.starts_at < $3 AND c.ends_at > $2`,
      [offerIds, period.startsAt, period.endsAt],
    );
  }

  /** Booked counts of the offers' occupied slots starting in the period. */
  occupancy(offerIds: string[], period: Interval): Promise<OfferOccupancy[]> {
    return this.dataSource.query(
      `SELECT offer_id AS "offerId", starts_at AS "startsAt", booked FROM slot_occupancy
        WHERE offer_id = ANY($1::uuid[]) AND starts_at >= $2 AND starts_at < $3`,
      [offerIds, period.startsAt, period.endsAt],
    );
  }
}
