export { VouchersModule } from './vouchers.module';
export { VoucherExpiryModule } from './expiry/voucher-expiry.module';
export { EXPIRY_BATCH_SIZE, VoucherExpiryService } from './expiry/voucher-expiry.service';
export { VOUCHERS_QUEUE, VOUCHER_EXPIRY_JOB, VOUCHER_EXPIRY_SCHEDULER } from './expiry/voucher-jobs';
export {
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  checkCharacter,
  formatCode,
  generateCode,
  isWellFormedCode,
  normaliseCode,
} from './codes/voucher-code';
export { FunderService, type FunderView, type NewFunder, type NewFunderMember } from './funders/funder.service';
export type { FunderSector } from './funders/funder.repository';
export { ProgramService, type NewProgram, type ProgramView } from './programs/program.service';
export type { ProgramStatus } from './programs/program.repository';
export { BatchService, MAX_BATCH_SIZE, type BatchView } from './batches/batch.service';
export { VoucherCancellationService, type CancelledVoucherView } from './cancellation/voucher-cancellation.service';
export { AssignmentService, type AssignedVoucherView, type Beneficiary } from './assignment/assignment.service';
export { RedemptionService, UNDO_WINDOW_MS, type RedeemRequest, type RedemptionView } from './redemption/redemption.service';
export { WRONG_CODES_PER_ORGANISATION, WRONG_CODES_PER_USER } from './redemption/wrong-code-throttle.service';
export { ProgramStatsService, type Amount, type ProgramStatsView } from './stats/program-stats.service';
export type { IneligibilityReason } from './vouchers.errors';
export {
  RedemptionsForInvoicing,
  type InvoicedVoucher,
  type ProgramToInvoice,
  type RedemptionGroup,
} from './invoicing/redemptions-for-invoicing.service';
