import { ApiProperty } from '@nestjs/swagger';
import { STATEMENT_PENDING_REASONS } from '@passerelle/billing';


class StatementLineDto {
  @ApiProperty({ type: String, nullable: true }) procedureCode: string | null;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPriceCents: number;
  @ApiProperty() netCents: number;
}

class StatementTransferDto {
  @ApiProperty({ format: 'uuid' }) payoutLineId: string;
  @ApiProperty({ example: 'tr_1Nabc' }) stripeTransferId: string;
  @ApiProperty({ format: 'date-time' }) transferredAt: string;
}

class StatementBankTransferDto {
  @ApiProperty({ format: 'uuid' }) payoutLineId: string;
  @ApiProperty({ example: 'VIR-PAYOUT-2026-11-0042', description: "The operator's transfer reference" }) reference: string;
  @ApiProperty({ format: 'date', description: 'The day the operator sent it' }) paidOn: string;
}

class StatementInvoiceDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ example: 'PAS-2026-000042' }) number: string;
  @ApiProperty({ format: 'date' }) issueDate: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ enum: ['issued', 'partially_paid', 'paid', 'credited'] }) invoiceStatus: string;
  @ApiProperty({ type: [StatementLineDto], description: "The structure's lines on the invoice (face value of its vouchers)" }) lines: StatementLineDto[];
  @ApiProperty() earnedCents: number;
  @ApiProperty() paidOutCents: number;
  @ApiProperty() pendingCents: number;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: STATEMENT_PENDING_REASONS,
    description:
      'invoice_not_paid: the funder has not paid the whole invoice; payout_account_not_ready: finish the Stripe onboarding; bank_transfer: the invoice was paid outside Stripe, the operator pays you by bank transfer; awaiting_transfer: being sent',
  })
  pendingReason: string | null;
  @ApiProperty({ type: StatementTransferDto, nullable: true, description: 'Paid out by a Stripe transfer' }) transfer: StatementTransferDto | null;
  @ApiProperty({ type: StatementBankTransferDto, nullable: true, description: "Paid out by the operator's bank transfer instead" })
  bankTransfer: StatementBankTransferDto | null;
}

class NotInvoicedDto {
  @ApiProperty() vouchers: number;
  @ApiProperty() amountCents: number;
}

class StatementTotalsDto {
  @ApiProperty() earnedCents: number;
  @ApiProperty() paidOutCents: number;
  @ApiProperty() pendingCents: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { not_invoiced: 2000, invoice_not_paid: 0, payout_account_not_ready: 0, bank_transfer: 0, awaiting_transfer: 0 } })
  pendingByReason: Record<string, number>;
}

export class StructureStatementDto {
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ type: [StatementInvoiceDto], description: 'Newest invoice first' }) invoices: StatementInvoiceDto[];
  @ApiProperty({ type: NotInvoicedDto, description: 'Vouchers redeemed, not invoiced yet' }) notInvoiced: NotInvoicedDto;
  @ApiProperty({ type: StatementTotalsDto }) totals: StatementTotalsDto;
  @ApiProperty({ description: "Earned − paid out in the ledger; equals totals.pendingCents" }) ledgerBalanceCents: number;
}
