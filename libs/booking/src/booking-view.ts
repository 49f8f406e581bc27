import { bookingQrPayload } from './booking-reference';
import type { BookingRow } from './booking.repository';
import type { BookingStatus } from './booking-lookup.service';

export interface BookingView {
  id: string;
  /** Short, to read on the phone: 8 characters without 0/O/1/I/L. */
  reference: string;
  /** What the QR code of the confirmation encodes. */
  qrPayload: string;
  offerId: string;
  structureId: string;
  placeId: string;
  procedureCode: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  /** Frozen when booked: a later price change does not touch it. 0 for funded offers. */
  price: { kind: 'funded' | 'commercial'; priceCents: number };
  beneficiary: { userId: string | null; name: string | null; phone: string | null };
  bookedAs: 'beneficiary' | 'prescriber' | 'mediator';
  /** The procedure's documents checklist, as it was when booked. */
  checklist: unknown[];
  cancelledAt: string | null;
  cancelReason: string | null;
  completedAt: string | null;
  createdAt: string;
}

export function toBookingView(row: BookingRow): BookingView {
  return {
    id: row.id,
    reference: row.reference,
    qrPayload: bookingQrPayload(row.reference),
    offerId: row.offerId,
    structureId: row.structureId,
    placeId: row.placeId,
    procedureCode: row.procedureCode,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    price: { kind: row.pricingKind, priceCents: row.priceCents },
    beneficiary: { userId: row.beneficiaryUserId, name: row.beneficiaryName, phone: row.beneficiaryPhone },
    bookedAs: row.bookedAs,
    checklist: row.checklist,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
