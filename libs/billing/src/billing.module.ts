import { Module } from '@nestjs/common';
import { CatalogStructuresModule } from '@passerelle/catalog';
import { OutboxModule } from '@passerelle/outbox';
import { VouchersModule } from '@passerelle/vouchers';
import { InvoiceIssuer } from './invoices/invoice-issuer.service';
import { InvoiceNumbering } from './invoices/invoice-numbering.service';
import { InvoiceNumberingRepository } from './invoices/invoice-numbering.repository';
import { InvoiceQueryRepository } from './invoices/invoice-query.repository';
import { InvoiceQueryService } from './invoices/invoice-query.service';
import { InvoiceRepository } from './invoices/invoice.repository';
import { InvoicingRunService } from './invoicing/invoicing-run.service';
import { LedgerModule } from './ledger/ledger.module';
import { PayoutAccountRepository } from './payouts/payout-account.repository';
import { PayoutAccountService } from './payouts/payout-account.service';
import { STRIPE_CLIENT, stripeClientProvider } from './stripe/stripe-client.provider';
import { StripePayments } from './stripe/stripe-payments';
import { StripeEventProcessor } from './webhooks/stripe-event-processor.service';
import { StripeEventRepository } from './webhooks/stripe-event.repository';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

/** Billing: ledger, invoice numbering and issue, Stripe client, webhooks, payout accounts. */
@Module({
  imports: [OutboxModule, CatalogStructuresModule, VouchersModule, LedgerModule],
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
  ],
  exports: [
    InvoicingRunService,
    InvoiceQueryService,
   STRIPE_CLIENT, StripePayments, LedgerModule, InvoiceNumbering, InvoiceIssuer, StripeWebhookService, StripeEventProcessor, PayoutAccountService],
})
export class BillingModule {}
