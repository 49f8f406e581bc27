import { Module } from '@nestjs/common';
import { BillingModule } from '@passerelle/billing';
import { CreditNoteController } from './credit-note.controller';
import { InvoiceDocumentController } from './invoice-document.controller';
import { InvoiceController } from './invoice.controller';
import { InvoicePaymentController } from './invoice-payment.controller';
import { PayoutAccountController } from './payout-account.controller';
import { PayoutLineController } from './payout-line.controller';
import { ReconciliationController } from './reconciliation.controller';
import { StatementController } from './statement.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  imports: [BillingModule],
  controllers: [
    StripeWebhookController,
    PayoutAccountController,
    InvoiceController,
    InvoiceDocumentController,
    CreditNoteController,
    InvoicePaymentController,
    StatementController,
    PayoutLineController,
    ReconciliationController,
  ],
})
export class BillingHttpModule {}
