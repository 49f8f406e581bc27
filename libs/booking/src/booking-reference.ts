import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: nothing two people could mix up when one reads it to the other on the phone. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 'K7PM-3QXA': 8 characters in two groups of four, about 8.5 × 10^11 possibilities. */
export function newBookingReference(): string {
  const chars = Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** What the QR code on the confirmation encodes; the desk scans it to find the booking. */
export function bookingQrPayload(reference: string): string {
  return `PASSERELLE:BOOKING:${reference}`;
}
