import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { freeSlots } from './free-slots';
import { NextAvailabilityRepository, type OfferInterval } from './next-availability.repository';
import { BOOKING_ZONE, parisDay, parisDayBounds, parisDays, slotsOnDays, WallClock } from './slot-generation';

/** Paris calendar days looked at, today included: beyond that an offer counts as not bookable soon. */
export const NEXT_AVAILABILITY_DAYS = 14;

export interface EarliestSlot {
  startsAt: Date;
  remaining: number;
}

/**
 * The earliest free slot of many offers at once (a page of search results), by the same rules as
 * `GET /offers/{id}/slots`: generateSlots over the opening rules in force, minus closures of the
 * offer or its place, minus full slots, minus slots already started. Three statements whatever
 * the number of offers, run together; then each offer is walked day by day and stops at its first
 * free slot, so a busy offer costs a few days of slot generation, not the whole horizon.
 */
@Injectable()
export class NextAvailabilityService {
  /** Shared by every call: a Paris date and time always give the same instant. */
  private readonly clock = new WallClock();

  constructor(private readonly repository: NextAvailabilityRepository) {}

  /** Offer id → its earliest free slot from `now` within NEXT_AVAILABILITY_DAYS; absent when none (or not active). */
  async earliestFreeSlots(offerIds: string[], now: Date = new Date()): Promise<Map<string, EarliestSlot>> {
    const earliest = new Map<string, EarliestSlot>();
    if (offerIds.length === 0) return earliest;
    const today = parisDay(now);
    const days = parisDays(today, DateTime.fromISO(today, { zone: BOOKING_ZONE }).plus({ days: NEXT_AVAILABILITY_DAYS - 1 }).toISODate()!);
    const period = { startsAt: now, endsAt: parisDayBounds(days.at(-1)!.date).endsAt };
    const [offers, closures, occupancy] = await Promise.all([
      this.repository.rulesOfActiveOffers(offerIds),
      this.repository.closuresOverlapping(offerIds, period),
      this.repository.occupancy(offerIds, period),
    ]);
    const closuresOf = groupBy(closures);
    const bookedOf = new Map<string, Map<number, number>>();
    for (const row of occupancy) {
      const booked = bookedOf.get(row.offerId) ?? new Map<number, number>();
      booked.set(row.startsAt.getTime(), row.booked);
      bookedOf.set(row.offerId, booked);
    }
    for (const offer of offers) {
      if (offer.rules.length === 0) continue;
      for (const day of days) {
        const slots = slotsOnDays(offer.rules, offer.durationMinutes, [day], this.clock);
        const [first] = freeSlots(slots, closuresOf.get(offer.offerId) ?? [], bookedOf.get(offer.offerId) ?? new Map(), now);
        if (first) {
          earliest.set(offer.offerId, { startsAt: first.startsAt, remaining: first.remaining });
          break;
        }
      }
    }
    return earliest;
  }
}

function groupBy(rows: OfferInterval[]): Map<string, OfferInterval[]> {
  const groups = new Map<string, OfferInterval[]>();
  for (const row of rows) groups.set(row.offerId, [...(groups.get(row.offerId) ?? []), row]);
  return groups;
}
