/**
 * A phone number as people write it ('06 12 34 56 78', '+33 6 12…') in E.164, or null. A national
 * French number (10 digits starting with 0) gets +33; anything else must already be international.
 */
export function toE164(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, '');
  const international = /^0[1-9][0-9]{8}$/.test(compact) ? `+33${compact.slice(1)}` : compact.replace(/^00/, '+');
  return /^\+[0-9]{8,15}$/.test(international) ? international : null;
}
