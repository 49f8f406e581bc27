import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export class BankTransferInstructionsDto {
  @ApiProperty({ example: 'FR7630006000011234567890189', description: "Stripe's virtual IBAN of the funder, or the platform's account without Stripe" })
  iban: string;
  @ApiProperty({ type: String, nullable: true, example: 'SXPYFRP1XXX' }) bic: string | null;
  @ApiProperty({ type: String, nullable: true }) accountHolderName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'To quote on the transfer (Stripe reference, or the invoice number)' })
  reference: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Cents still expected' }) amountRemainingCents: number | null;
  @ApiProperty({ type: String, nullable: true, description: "Stripe's hosted instructions page" }) hostedInstructionsUrl: string | null;
}

export class InvoicePaymentDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ example: 'PAS-2026-000042' }) number: string;
  @ApiProperty() amountDueCents: number;
  @ApiProperty({ description: 'true: through Stripe (a PaymentIntent); false: plain bank transfer to the platform (no Stripe configured)' })
  online: boolean;
  @ApiProperty({ enum: ['bank_transfer', 'online'], description: 'bank_transfer for public funders (virtual IBAN); online = SEPA debit or card' })
  method: string;
  @ApiProperty({ type: String, nullable: true, example: 'pi_3Nabc' }) paymentIntentId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'requires_action' }) paymentIntentStatus: string | null;
  @ApiProperty({ type: [String], example: ['customer_balance'] }) allowedPaymentMethodTypes: string[];
  @ApiProperty({ type: String, nullable: true, description: 'For SEPA debit or card: confirm the payment with Stripe.js' }) clientSecret: string | null;
  @ApiProperty({ type: BankTransferInstructionsDto, nullable: true }) bankTransfer: BankTransferInstructionsDto | null;
}

export class MarkPaidRequestDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 62_400, description: 'Cents received (a partial payment is fine)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents: number;

  @ApiProperty({ example: 'VIR-2026-11-0042', description: "The transfer's reference on the bank statement; recorded once per invoice" })
  @IsString()
  @Length(1, 140)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference: string;

  @ApiProperty({ format: 'date', example: '2026-11-28', description: 'The day the money arrived (Europe/Paris), not in the future' })
  @IsString()
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { message: 'receivedOn must be a date, YYYY-MM-DD' })
  receivedOn: string;
}

export class RecordedPaymentDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ enum: ['issued', 'partially_paid', 'paid', 'credited'] }) status: string;
  @ApiProperty() amountPaidCents: number;
  @ApiProperty() amountDueCents: number;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ description: 'This reference was already recorded with the same amount and date: nothing changed' }) duplicate: boolean;
}
