import fc from 'fast-check';
import { generateCode } from '@passerelle/vouchers';
import type { Tenant } from '@passerelle/testing';

/** The kinds of object a path parameter or a body field can name. */
export type IdKind = 'structure' | 'place' | 'offer' | 'credential' | 'closure' | 'booking' | 'completedBooking' | 'program' | 'batch'
  | 'voucher' | 'redemption' | 'invoice' | 'payoutLine' | 'funder' | 'procedure' | 'beneficiaryUser' | 'organisation';

/** A path parameter names the resource of the segment before it (`/offers/{id}` → offer). */
const PATH_SEGMENT_KIND: Record<string, IdKind> = {
  structures: 'structure',
  places: 'place',
  offers: 'offer',
  credentials: 'credential',
  closures: 'closure',
  bookings: 'booking',
  programs: 'program',
  batches: 'batch',
  vouchers: 'voucher',
  redemptions: 'redemption',
  invoices: 'invoice',
  'payout-lines': 'payoutLine',
  funders: 'funder',
  'price-caps': 'procedure',
  procedures: 'procedure',
};

/** Body fields holding ids (format uuid); any other uuid field gets a random UUID. */
export const BODY_ID_KIND: Record<string, IdKind> = {
  placeId: 'place',
  offerId: 'offer',
  bookingId: 'completedBooking',
  funderId: 'funder',
  structureId: 'structure',
  beneficiaryUserId: 'beneficiaryUser',
  organisationId: 'organisation',
};

/**
 * The kind named by a path parameter. A route whose parameter is unknown here fails the fuzzer:
 * say which object it names (and give the world one), then it is fuzzed like the others.
 */
export function pathParamKind(path: string, param: string): IdKind {
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
  const kind = PATH_SEGMENT_KIND[before];
  if (!kind) throw new Error(`fuzzer: no id source for {${param}} in ${path}; add its segment to PATH_SEGMENT_KIND`);
  return kind;
}

const ID_OF: Record<IdKind, (tenant: Tenant) => string> = {
  structure: (t) => t.structureId,
  organisation: (t) => t.funderId,
  place: (t) => t.placeId,
  offer: (t) => t.offer.id,
  credential: (t) => t.credentialId,
  closure: (t) => t.closureId,
  booking: (t) => t.bookingId,
  completedBooking: (t) => t.completedBookingId,
  program: (t) => t.programId,
  batch: (t) => t.batchId,
  voucher: (t) => t.voucherCodes[0]!,
  redemption: (t) => t.redemptionId,
  invoice: (t) => t.invoiceId,
  payoutLine: (t) => t.payoutLineId,
  funder: (t) => t.funderId,
  procedure: (t) => t.offer.procedureCode,
  beneficiaryUser: (t) => t.beneficiary.user.id,
};

export const idOf = (tenant: Tenant, kind: IdKind): string => ID_OF[kind](tenant);

/** A well-formed code of no voucher (55 random bits: never one of the world's). */
const UNKNOWN_CODE = generateCode();

/** Well-formed ids of nothing. */
export function idsOfNothing(kind: IdKind): fc.Arbitrary<string> {
  if (kind === 'voucher') return fc.constant(UNKNOWN_CODE);
  if (kind === 'procedure') return fc.constantFrom('demarche-inexistante', 'a-b');
  return fc.uuid({ version: 4 });
}
