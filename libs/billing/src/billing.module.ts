import { Module } from '@nestjs/common';
import { AuditModule } from '@passerelle/audit';
import { CatalogStructuresModule } from '@passerelle/catalog';
import { OutboxModule } from '@passerelle/outbox';
import { VouchersModule } from '@passerelle/vouchers';
import { CreditNoteRepository } from './credit-notes/credit-note.repository';
import { CreditNoteService } from './credit-notes/credit-note.service';
import { InvoiceDocumentRepository } from './documents/invoice-document.repository';
import { InvoiceDocumentService } from './documents/invoice-document.service';
import { InvoiceIssuer } from './invoices/invoice-issuer.service';
import { InvoiceNumbering } from './invoices/invoice-numbering.service';
import { InvoiceNumberingRepository } from './invoices/invoice-numbering.repository';
import { InvoiceQueryRepository } from './invoices/invoice-query.repository';
import { InvoiceQueryService } from './invoices/invoice-query.service';
import { InvoiceRepository } from './invoices/invoice.repository';
import { InvoicingRunService } from './invoicing/invoicing-run.service';
import { LedgerModule } from './ledger/ledger.module';
import { BankPayoutService } from './payouts/bank-payout.service';
import { PayoutAccountRepository } from './payouts/payout-account.repository';
import { PayoutAccountService } from './payouts/payout-account.service';
import { PayoutLineRepository } from './payouts/payout-line.repository';
import { PayoutPlanner } from './payouts/payout-planner.service';
import { PayoutTransferService } from './payouts/payout-transfer.service';
import { InvoicePaymentService } from './payments/invoice-payment.service';
import { ManualPaymentService } from './payments/manual-payment.service';
import { PaymentIntentSync } from './payments/payment-intent-sync.service';
import { PaymentRecorder } from './payments/payment-recorder.service';
import { PaymentRepository } from './payments/payment.repository';
import { ReconciliationRepository } from './reconciliation/reconciliation.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { StripeReconciliation } from './reconciliation/stripe-reconciliation';
import { StatementRepository } from './statements/statement.repository';
import { StatementService } from './statements/statement.service';
import { STRIPE_CLIENT, stripeClientProvider } from './stripe/stripe-client.provider';
import { StripePayments } from './stripe/stripe-payments';
import { StripeEventProcessor } from './webhooks/stripe-event-processor.service';
import { StripeEventRepository } from './webhooks/stripe-event.repository';
import { StripePaymentEvents } from './webhooks/stripe-payment-events.service';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

/** Billing: ledger, invoice numbering and issue, documents, credit notes, Stripe client, webhooks, payments, payouts, statements, reconciliation. */
@Module({
  imports: [AuditModule, OutboxModule, CatalogStructuresModule, VouchersModule, LedgerModule],
  providers: [
    stripeClientProvider,
    StripePayments,
    InvoiceNumberingRepository,
    InvoiceNumbering,
    InvoiceRepository,
    InvoiceIssuer,
    StripeEventRepository,
    StripeWebhookService,
    StripeEventProcessor,
    PayoutAccountRepository,
    PayoutAccountService,
    InvoicingRunService,
    InvoiceQueryRepository,
    InvoiceQueryService,
    InvoiceDocumentRepository,
    InvoiceDocumentService,
    CreditNoteRepository,
    CreditNoteService,
    PaymentRepository,
    PaymentRecorder,
    InvoicePaymentService,
    ManualPaymentService,
    PaymentIntentSync,
    StripePaymentEvents,
    PayoutLineRepository,
    PayoutPlanner,
    PayoutTransferService,
    BankPayoutService,
    StatementRepository,
    StatementService,
    ReconciliationRepository,
    StripeReconciliation,
    ReconciliationService,
  ],
  exports: [
    InvoicingRunService,
    InvoiceQueryService,
    InvoiceDocumentService,
    CreditNoteService,
    InvoicePaymentService,
    ManualPaymentService,
    PaymentIntentSync,
    PayoutTransferService,
    BankPayoutService,
    StatementService,
    ReconciliationService,
   STRIPE_CLIENT, StripePayments, LedgerModule, InvoiceNumbering, InvoiceIssuer, StripeWebhookService, StripeEventProcessor, PayoutAccountService],
})
export class BillingModule {}
