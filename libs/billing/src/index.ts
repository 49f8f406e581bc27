export { BillingModule } from './billing.module';
export {
  BILLING_QUEUE,
  INVOICING_RUN_CRON,
  INVOICING_RUN_JOB,
  INVOICING_RUN_SCHEDULER,
  PAYMENT_INTENT_SYNC_JOB,
  PAYOUT_TRANSFER_JOB,
  STRIPE_EVENT_JOB,
} from './billing-queue';
export { STRIPE_CLIENT, createStripeClient, type StripeClient } from './stripe/stripe-client.provider';
export {
  StripePayments,
  type BankTransferInstructions,
  type InvoicePayment,
  type InvoicePaymentMethod,
  type InvoicePaymentRequest,
} from './stripe/stripe-payments';
export {
  LEDGER_ACCOUNTS,
  Ledger,
  LedgerModule,
  creditNoteIssued,
  invoiceIssued,
  paymentReceived,
  redemptionAccrued,
  redemptionReversed,
  transferSent,
  type FunderBalance,
  type JournalInput,
  type JournalKind,
  type LedgerAccount,
  type LedgerEntryInput,
} from './ledger';
export { InvoiceIssuer } from './invoices/invoice-issuer.service';
export { InvoiceNumbering } from './invoices/invoice-numbering.service';
export { formatInvoiceNumber } from './invoices/invoice-number';
export {
  computeInvoiceTotals,
  vatOf,
  InvoiceTotalsError,
  type InvoiceLineInput,
  type InvoiceTotals,
  type VatBreakdown,
  type VatTreatment,
} from './invoices/invoice-totals';
export type { InvoiceDraft, InvoiceParty, InvoiceStatus, IssuedInvoice } from './invoices/invoice.types';
export { StripeWebhookService } from './webhooks/stripe-webhook.service';
export { StripeEventProcessor } from './webhooks/stripe-event-processor.service';
export type { StripeEventOutcome } from './webhooks/stripe-event.repository';
export { PayoutAccountService, type OnboardingLink, type PayoutAccountView } from './payouts/payout-account.service';
export { InvoicingRunService, type InvoicingRunSummary } from './invoicing/invoicing-run.service';
export { invoicingPeriod, previousPeriodLabel, type InvoicingPeriod } from './invoicing/invoicing-period';
export { InvoiceQueryService } from './invoices/invoice-query.service';
export type { InvoiceSummaryView, InvoiceView } from './invoices/invoice-query.repository';
export { InvoiceDocumentService, type RenderedInvoice } from './documents/invoice-document.service';
export { EN16931_GUIDELINE } from './documents/invoice-cii';
export type { DocumentLine, InvoiceDocument, PaymentInstructions } from './documents/invoice-document';
export { CreditNoteService, type CreditNoteRequest, type IssuedCreditNote } from './credit-notes/credit-note.service';
export { InvoicePaymentService, type InvoicePaymentView } from './payments/invoice-payment.service';
export { PaymentIntentSync, type PaymentIntentSyncOutcome } from './payments/payment-intent-sync.service';
export { ManualPaymentService, type BankPaymentInput, type RecordedPaymentView } from './payments/manual-payment.service';
export { PayoutTransferService, type PayoutTransferOutcome } from './payouts/payout-transfer.service';
export { PAYOUT_LINE_STATUSES, type PayoutLineStatus, type PayoutPendingReason } from './payouts/payout-line.repository';
export {
  BankPayoutService,
  PAYOUT_LINES_DEFAULT_PAGE_SIZE,
  PAYOUT_LINES_MAX_PAGE_SIZE,
  type BankPayoutInput,
  type BankPayoutView,
  type PayoutLineListItem,
  type PayoutLinePage,
  type PayoutLineView,
} from './payouts/bank-payout.service';
export {
  StatementService,
  STATEMENT_PENDING_REASONS,
  type StatementInvoice,
  type StatementPendingReason,
  type StructureStatement,
} from './statements/statement.service';
export { ReconciliationService } from './reconciliation/reconciliation.service';
export {
  RECONCILIATION_CHECKS,
  type DifferenceKind,
  type ReconciliationCheck,
  type ReconciliationDifference,
  type ReconciliationPeriod,
  type ReconciliationReport,
} from './reconciliation/reconciliation.types';
