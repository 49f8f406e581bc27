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

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * Slots of `durationMinutes` cut from the rules, for each Paris calendar day from `fromDay` to
 * `toDay` inclusive ('YYYY-MM-DD'). Slot starts are wall-clock times: a start that does not exist
 * (the hour skipped when clocks go forward) yields no slot; a start that exists twice (the hour
 * repeated when clocks go back) yields one slot, at its second occurrence (winter time, as Luxon resolves it). The end is the start plus
 * the duration in real time.
 */
export function generateSlots(rules: OpeningRule[], durationMinutes: number, fromDay: string, toDay: string): GeneratedSlot[] {
  const slots: GeneratedSlot[] = [];
  const last = DateTime.fromISO(toDay, { zone: BOOKING_ZONE });
  for (let day = DateTime.fromISO(fromDay, { zone: BOOKING_ZONE }); day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    for (const rule of rules) {
      if (rule.weekday !== day.weekday) continue;
      if ((rule.validFrom && date < rule.validFrom) || (rule.validUntil && date > rule.validUntil)) continue;
      const end = minutesOf(rule.endTime);
      for (let start = minutesOf(rule.startTime); start + durationMinutes <= end; start += durationMinutes) {
        const hour = Math.floor(start / 60);
        const minute = start % 60;
        const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: BOOKING_ZONE });
        // Luxon moves a non-existent wall-clock time forward; such a slot does not exist.
        if (local.hour !== hour || local.minute !== minute) continue;
        const startsAt = local.toJSDate();
        slots.push({ startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000), capacity: rule.capacity });
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
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
