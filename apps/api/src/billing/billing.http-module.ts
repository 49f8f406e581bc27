import { Module } from '@nestjs/common';
import { BillingModule } from '@passerelle/billing';
import { InvoiceController } from './invoice.controller';
import { PayoutAccountController } from './payout-account.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  imports: [BillingModule],
  controllers: [StripeWebhookController, PayoutAccountController, InvoiceController],
})
export class BillingHttpModule {}
