/** French renderings shared by the documents we print (no float: cents stay integers). */

const NBSP = '\u00a0';

/** Integer cents as "1 234,56 €" (no-break spaces, so an amount never splits across lines). */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not integer cents`);
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  const units = String(Math.trunc(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${sign}${units},${String(magnitude % 100).padStart(2, '0')}${NBSP}€`;
}

/** "2026-12-31" → "31/12/2026". */
export function frenchDate(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}/${month}/${year}`;
}

/** Basis points as a French percentage: 333 → "3,33 %", 350 → "3,5 %", 400 → "4 %". */
export function frenchPercent(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) throw new RangeError(`${basisPoints} is not whole basis points`);
  const hundredths = String(basisPoints % 100).padStart(2, '0').replace(/0$/, '');
  return `${Math.trunc(basisPoints / 100)}${hundredths === '' || hundredths === '0' ? '' : `,${hundredths}`} %`;
}
