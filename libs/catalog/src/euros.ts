/** "1 234,56 €" from integer cents (no float arithmetic on money): prices and caps as people read them. */
export function formatEuros(cents: number): string {
  const euros = Math.trunc(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped},${rest} €`;
}
