import { DateTime } from 'luxon';
import { invoicingPeriodInvalid } from '../billing.errors';

const ZONE = 'Europe/Paris';

/** A calendar month in Europe/Paris: its dates (inclusive) and the instant it ends. */
export interface InvoicingPeriod {
  label: string;
  start: string;
  end: string;
  endsAt: Date;
}

export function invoicingPeriod(label: string): InvoicingPeriod {
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(label)) throw invoicingPeriodInvalid();
  const first = DateTime.fromISO(`${label}-01`, { zone: ZONE });
  const last = first.endOf('month');
  return { label, start: first.toISODate()!, end: last.toISODate()!, endsAt: first.plus({ months: 1 }).toJSDate() };
}

/** The month before `now`, in Europe/Paris (what the monthly scheduler invoices). */
export function previousPeriodLabel(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).minus({ months: 1 }).toFormat('yyyy-MM');
}

/** The Europe/Paris calendar date of an instant, as an ISO date. */
export function parisDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toISODate()!;
}

/** The instant a Europe/Paris calendar date ('YYYY-MM-DD') begins; null for a date that does not exist. */
export function parisStartOf(date: string): Date | null {
  const start = DateTime.fromISO(date, { zone: ZONE });
  return start.isValid && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date) ? start.toJSDate() : null;
}

/** Today in Europe/Paris and the due date `days` later, as ISO dates. */
export function issueAndDueDates(now: Date, days: number): { issueDate: string; dueDate: string } {
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  return { issueDate: today.toISODate()!, dueDate: today.plus({ days }).toISODate()! };
}
