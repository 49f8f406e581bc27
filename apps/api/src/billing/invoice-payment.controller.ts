import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InvoicePaymentService, ManualPaymentService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { InvoicePaymentDto, MarkPaidRequestDto, RecordedPaymentDto } from './dto/payment.dto';

@ApiTags('billing')
@Controller()
export class InvoicePaymentController {
  constructor(
    private readonly payments: InvoicePaymentService,
    private readonly manualPayments: ManualPaymentService,
  ) {}

  @Post('invoices/:id/payment')
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({
    summary:
      "Pay your invoice: creates its Stripe PaymentIntent once (bank transfer to your virtual IBAN for public funders, SEPA debit or card otherwise) and returns what you need; calling again returns the same one. Without Stripe: the platform's bank details and the reference to quote.",
  })
  @ApiOkResponse({ type: InvoicePaymentDto })
  @ApiNotFoundResponse({ description: "INVOICE_NOT_FOUND, also for another funder's invoice" })
  @ApiConflictResponse({ description: 'INVOICE_ALREADY_PAID' })
  @ApiUnprocessableEntityResponse({ description: 'INVOICE_NOT_PAYABLE (credit note); PAYMENT_PROVIDER_REFUSED' })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT_PROVIDER_UNAVAILABLE: Stripe did not answer; retry' })
  pay(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.payments.pay(actor, id);
  }

  @Post('admin/invoices/:id/mark-paid')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      "Record a bank transfer received on the platform's account (partial payments add up; a reference is recorded once per invoice, a repeat changes nothing)",
  })
  @ApiOkResponse({ type: RecordedPaymentDto })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVOICE_ALREADY_PAID; PAYMENT_REFERENCE_CONFLICT (same reference, other amount or date)' })
  @ApiUnprocessableEntityResponse({ description: 'PAYMENT_EXCEEDS_AMOUNT_DUE (details.amountDueCents); INVOICE_NOT_PAYABLE' })
  markPaid(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: MarkPaidRequestDto) {
    return this.manualPayments.markPaid(actor, id, body);
  }
}
