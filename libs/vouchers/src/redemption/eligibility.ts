import type { BookingForRedemption } from '@passerelle/booking';
import { voucherAlreadyRedeemed, voucherCancelled, voucherExpired, voucherNotEligible } from '../vouchers.errors';
import type { VoucherWithProgram } from './voucher.repository';

/** 409 for a voucher already used, 410 for one that is gone (expired, cancelled, past its grace period). */
export function checkRedeemableState(voucher: VoucherWithProgram, now: Date): void {
  switch (voucher.status) {
    case 'redeemed':
    case 'invoiced':
    case 'paid':
      throw voucherAlreadyRedeemed();
    case 'expired':
      throw voucherExpired();
    case 'cancelled':
      throw voucherCancelled();
    case 'issued':
    case 'assigned':
      break;
  }
  if (now >= voucher.program.redeemableUntil) throw voucherExpired();
}

/**
 * The program's rules against this booking (422 VOUCHER_NOT_ELIGIBLE with the reason). Credentials
 * are checked by the caller, which reads them from the catalog.
 */
export function checkEligibility(voucher: VoucherWithProgram, booking: BookingForRedemption, now: Date): void {
  const { program } = voucher;
  if (program.status === 'paused') throw voucherNotEligible('PROGRAM_PAUSED');
  if (now < program.redeemableFrom) throw voucherNotEligible('NOT_YET_VALID', { validFrom: program.validFrom });
  if (booking.status !== 'completed') throw voucherNotEligible('BOOKING_NOT_COMPLETED', { bookingStatus: booking.status });
  const anyProcedure = program.eligibleProcedures.length === 0 && program.eligibleCategories.length === 0;
  if (
    !anyProcedure &&
    !program.eligibleProcedures.includes(booking.procedureCode) &&
    !program.eligibleCategories.includes(booking.procedureCategory)
  ) {
    throw voucherNotEligible('PROCEDURE_NOT_ELIGIBLE', { procedureCode: booking.procedureCode });
  }
  if (program.eligibleDepartements.length > 0 && !program.eligibleDepartements.includes(booking.departement)) {
    throw voucherNotEligible('DEPARTEMENT_NOT_ELIGIBLE', { departement: booking.departement });
  }
  const assignedTo = voucher.assignment?.beneficiaryUserId;
  if (assignedTo && booking.beneficiaryUserId && assignedTo !== booking.beneficiaryUserId) {
    throw voucherNotEligible('BENEFICIARY_MISMATCH');
  }
}

/** Who counts for the per-beneficiary limit: the account, else the phone the voucher was handed to. */
export function beneficiaryKeyOf(voucher: VoucherWithProgram, booking: BookingForRedemption): string | null {
  const userId = voucher.assignment?.beneficiaryUserId ?? booking.beneficiaryUserId;
  if (userId) return `user:${userId}`;
  return voucher.assignment?.beneficiaryPhone ? `phone:${voucher.assignment.beneficiaryPhone}` : null;
}
