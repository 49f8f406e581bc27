import fc from 'fast-check';
import { generateCode } from '@passerelle/vouchers';
import type { Tenant } from '@passerelle/testing';

/** The kinds of object a path parameter or a body field can name. */
export type IdKind = 'structure' | 'place' | 'offer' | 'credential' | 'closure' | 'booking' | 'completedBooking' | 'program' | 'batch'
  | 'voucher' | 'redemption' | 'invoice' | 'funder' | 'procedure' | 'beneficiaryUser' | 'organisation';

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

export function idOf(tenant: Tenant, kind: IdKind): string {
  switch (kind) {
    case 'structure':
      return tenant.structureId;
    case 'organisation':
      return tenant.funderId;
    case 'place':
      return tenant.placeId;
    case 'offer':
      return tenant.offer.id;
    case 'credential':
      return tenant.credentialId;
    case 'closure':
      return tenant.closureId;
    case 'booking':
      return tenant.bookingId;
    case 'completedBooking':
      return tenant.completedBookingId;
    case 'program':
      return tenant.programId;
    case 'batch':
      return tenant.batchId;
    case 'voucher':
      return tenant.voucherCodes[0]!;
    case 'redemption':
      return tenant.redemptionId;
    case 'invoice':
      return tenant.invoiceId;
    case 'funder':
      return tenant.funderId;
    case 'procedure':
      return tenant.offer.procedureCode;
    case 'beneficiaryUser':
      return tenant.beneficiary.user.id;
  }
}

/** A well-formed code of no voucher (55 random bits: never one of the world's). */
const UNKNOWN_CODE = generateCode();

/** Well-formed ids of nothing. */
export function idsOfNothing(kind: IdKind): fc.Arbitrary<string> {
  if (kind === 'voucher') return fc.constant(UNKNOWN_CODE);
  if (kind === 'procedure') return fc.constantFrom('demarche-inexistante', 'a-b');
  return fc.uuid({ version: 4 });
}
