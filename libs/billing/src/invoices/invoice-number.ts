/** `PAS-2026-000123`: one continuous series per calendar year. */
export function formatInvoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`invoice year ${year} out of range`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`invoice sequence ${sequence} out of range`);
  return `PAS-${year}-${String(sequence).padStart(6, '0')}`;
}
