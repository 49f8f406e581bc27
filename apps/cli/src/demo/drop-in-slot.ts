import { DateTime } from 'luxon';
import type { OpeningRule } from '@passerelle/booking';

const ZONE = 'Europe/Paris';
/**
 * Time left between opening the slot and its start, for the booking to be made first (three API
 * calls: rules, slots, booking; seconds even on a loaded machine).
 */
const LEAD_SECONDS = 20;
/** The shortest offer the API accepts (`durationMinutes` ≥ 5): the story's drop-in offer lasts that long. */
export const DROP_IN_MINUTES = 5;

export interface DropInSlot {
  rule: OpeningRule;
  startsAt: Date;
}

/**
 * A one-day opening rule holding a single slot of `durationMinutes` that starts at the next whole
 * Paris minute at least LEAD_SECONDS away: a booking is only possible before its start and its
 * completion only after, so the story books this slot and then waits for it (at most about a
 * minute and a half) instead of forging times in the database. Opening rules are wall-clock times
 * within one day (HH:MM up to 23:59): a slot that would not end by 23:59 moves to 00:00 the next day,
 * so with a DROP_IN_MINUTES offer the longest wait, just before midnight, is under seven minutes.
 */
export function dropInSlot(now: Date, durationMinutes: number): DropInSlot {
  const earliest = DateTime.fromJSDate(now, { zone: ZONE }).plus({ seconds: LEAD_SECONDS });
  let start = earliest.startOf('minute').plus({ minutes: earliest.second === 0 && earliest.millisecond === 0 ? 0 : 1 });
  if (start.plus({ minutes: durationMinutes }) > start.endOf('day').startOf('minute')) start = start.plus({ days: 1 }).startOf('day');
  const end = start.plus({ minutes: durationMinutes });
  const day = start.toISODate()!;
  return {
    rule: { weekday: start.weekday, startTime: start.toFormat('HH:mm'), endTime: end.toFormat('HH:mm'), capacity: 1, validFrom: day, validUntil: day },
    startsAt: start.toJSDate(),
  };
}

/** The Paris calendar day of `instant` plus `days`, as YYYY-MM-DD. */
export function parisDate(instant: Date, days = 0): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).plus({ days }).toISODate()!;
}

/** The Paris month of `instant`, as YYYY-MM (an invoicing period). */
export function parisMonth(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toFormat('yyyy-MM');
}
