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

/** A Paris calendar day, resolved once (Luxon zone arithmetic is the costly part of slot generation). */
export interface ParisDay {
  date: string;
  weekday: number;
  year: number;
  month: number;
  day: number;
}

/**
 * The Paris calendar days from `fromDay` to `toDay` inclusive ('YYYY-MM-DD'). Dates and weekdays
 * are plain calendar arithmetic, done in UTC where every day lasts 24 h; only wall-clock times
 * need the zone (WallClock).
 */
export function parisDays(fromDay: string, toDay: string): ParisDay[] {
  const days: ParisDay[] = [];
  const last = Date.parse(`${toDay}T00:00:00Z`);
  for (let midnight = Date.parse(`${fromDay}T00:00:00Z`); midnight <= last; midnight += 86_400_000) {
    const date = new Date(midnight);
    days.push({
      date: date.toISOString().slice(0, 10),
      weekday: date.getUTCDay() || 7,
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    });
  }
  return days;
}

/**
 * The instant of a Paris wall-clock time ('HH:MM') on a day; a time the clocks skip is moved
 * forward by Luxon. Remembers what it computed (a zone lookup costs far more than the rest of slot
 * generation, and offers share most of their hours), up to `capacity` instants, then starts over.
 */
export class WallClock {
  private readonly instants = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  at(day: ParisDay, time: string): number {
    const key = `${day.date}T${time}`;
    let instant = this.instants.get(key);
    if (instant === undefined) {
      if (this.instants.size >= this.capacity) this.instants.clear();
      const [hour, minute] = time.split(':').map(Number);
      instant = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: BOOKING_ZONE }).toMillis();
      this.instants.set(key, instant);
    }
    return instant;
  }
}

/**
 * Slots of `durationMinutes` cut from the rules, for each Paris calendar day from `fromDay` to
 * `toDay` inclusive ('YYYY-MM-DD'). A range runs from its wall-clock start to its wall-clock end on
 * that day, and is cut in real time: slots never overlap and always last `durationMinutes`, so the
 * night the clocks go forward a range across 02:00 holds an hour less, and the night they go back
 * an hour more. Every other day, 09:00 is 09:00 Paris time whatever the UTC offset.
 */
export function generateSlots(rules: OpeningRule[], durationMinutes: number, fromDay: string, toDay: string): GeneratedSlot[] {
  return slotsOnDays(rules, durationMinutes, parisDays(fromDay, toDay));
}

/** generateSlots over days already resolved, with a shared wall clock (many offers at once). */
export function slotsOnDays(rules: OpeningRule[], durationMinutes: number, days: ParisDay[], clock = new WallClock()): GeneratedSlot[] {
  const slots: GeneratedSlot[] = [];
  const durationMs = durationMinutes * 60_000;
  for (const day of days) {
    for (const rule of rules) {
      if (rule.weekday !== day.weekday) continue;
      if ((rule.validFrom && day.date < rule.validFrom) || (rule.validUntil && day.date > rule.validUntil)) continue;
      const end = clock.at(day, rule.endTime);
      for (let start = clock.at(day, rule.startTime); start + durationMs <= end; start += durationMs) {
        slots.push({ startsAt: new Date(start), endsAt: new Date(start + durationMs), capacity: rule.capacity });
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
