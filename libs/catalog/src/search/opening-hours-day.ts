import OpeningHours from 'opening_hours';

/** Public holidays (`PH`) are evaluated for metropolitan France. */
const FRANCE = { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } };
const MAX_CACHED = 5_000;

/**
 * Whether a place is open on a calendar day according to its OSM `opening_hours` string.
 * `null` when the hours are unknown (no string, or one the parser refuses): the caller decides.
 *
 * The day is taken as wall-clock time (opening_hours evaluates Dates in the process's local time,
 * and the day bounds are built in local time too, so the answer does not depend on TZ).
 * Parsed strings and (string, day) answers are cached: many places share the same hours.
 */
export class OpeningHoursDayCheck {
  private readonly parsed = new Map<string, OpeningHours | null>();
  private readonly answers = new Map<string, boolean | null>();

  isOpenOn(hours: string | null, day: string): boolean | null {
    if (hours === null || hours.trim() === '') return null;
    const key = `${day}\u0000${hours}`;
    const cached = this.answers.get(key);
    if (cached !== undefined) return cached;
    const schedule = this.parse(hours);
    let answer: boolean | null = null;
    if (schedule) {
      const [year, month, date] = day.split('-').map(Number) as [number, number, number];
      const from = new Date(year, month - 1, date);
      const to = new Date(year, month - 1, date + 1);
      try {
        // Open at any moment of the day (an "unknown" interval, e.g. "on appointment", counts).
        answer = schedule.getOpenIntervals(from, to).length > 0;
      } catch {
        answer = null;
      }
    }
    if (this.answers.size >= MAX_CACHED) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }

  private parse(hours: string): OpeningHours | null {
    let schedule = this.parsed.get(hours);
    if (schedule === undefined) {
      try {
        schedule = new OpeningHours(hours, FRANCE);
      } catch {
        schedule = null;
      }
      if (this.parsed.size >= MAX_CACHED) this.parsed.clear();
      this.parsed.set(hours, schedule);
    }
    return schedule;
  }
}
