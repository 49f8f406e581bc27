import { DateTime } from 'luxon';

export const BOOKING_ZONE = 'Europe/Paris';

/** A weekly opening range in Europe/Paris wall-clock time (ISO weekday 1 = Monday … 7 = Sunday). */
export interface OpeningRule {
  weekday: number;
  /** 'HH:MM' */
  startTime: string;
  endTime: string;
  capacity: number;
  /** 'YYYY-MM-DD', inclusive; null = unbounded. */
  validFrom: string | null;
  validUntil: string | null;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export interface GeneratedSlot extends Interval {
  capacity: number;
}

/**
 * Slots of `durationMinutes` cut from the rules, for each Paris calendar day from `fromDay` to
 * `toDay` inclusive ('YYYY-MM-DD'). A range runs from its wall-clock start to its wall-clock end on
 * that day, and is cut in real time: slots never overlap and always last `durationMinutes`, so the
 * night the clocks go forward a range across 02:00 holds an hour less, and the night they go back
 * an hour more. Every other day, 09:00 is 09:00 Paris time whatever the UTC offset.
 */
export function generateSlots(rules: OpeningRule[], durationMinutes: number, fromDay: string, toDay: string): GeneratedSlot[] {
  const slots: GeneratedSlot[] = [];
  const durationMs = durationMinutes * 60_000;
  const last = DateTime.fromISO(toDay, { zone: BOOKING_ZONE });
  for (let day = DateTime.fromISO(fromDay, { zone: BOOKING_ZONE }); day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    for (const rule of rules) {
      if (rule.weekday !== day.weekday) continue;
      if ((rule.validFrom && date < rule.validFrom) || (rule.validUntil && date > rule.validUntil)) continue;
      const end = wallClock(day, rule.endTime).getTime();
      for (let start = wallClock(day, rule.startTime).getTime(); start + durationMs <= end; start += durationMs) {
        slots.push({ startsAt: new Date(start), endsAt: new Date(start + durationMs), capacity: rule.capacity });
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The instant of a Paris wall-clock time ('HH:MM'); a time the clocks skip is moved forward by Luxon. */
function wallClock(day: DateTime, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: BOOKING_ZONE }).toJSDate();
}

/** The Paris calendar day of an instant, 'YYYY-MM-DD'. */
export function parisDay(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: BOOKING_ZONE }).toISODate()!;
}

/** The instants where a Paris calendar day begins and the next one begins (23, 24 or 25 h apart). */
export function parisDayBounds(day: string): Interval {
  const start = DateTime.fromISO(day, { zone: BOOKING_ZONE }).startOf('day');
  return { startsAt: start.toJSDate(), endsAt: start.plus({ days: 1 }).toJSDate() };
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}
