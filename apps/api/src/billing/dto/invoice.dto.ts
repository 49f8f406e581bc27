import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class InvoicingRunRequestDto {
  @ApiProperty({ example: '2026-11', description: 'The Europe/Paris month to invoice (AAAA-MM)' })
  @IsString()
  @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month, YYYY-MM' })
  period: string;
}

class CreatedInvoiceDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ example: 'PAS-2026-000042' }) number: string;
  @ApiProperty({ format: 'uuid' }) funderId: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty() totalGrossCents: number;
}

class SkippedProgramDto {
  @ApiProperty({ format: 'uuid' }) funderId: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty({ enum: ['already_invoiced', 'nothing_to_invoice'] }) reason: string;
}

class FailedProgramDto {
  @ApiProperty({ format: 'uuid' }) funderId: string;
  @ApiProperty({ format: 'uuid' }) programId: string;
  @ApiProperty() error: string;
}

export class InvoicingRunSummaryDto {
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty({ type: [CreatedInvoiceDto] }) created: CreatedInvoiceDto[];
  @ApiProperty({ type: [SkippedProgramDto] }) skipped: SkippedProgramDto[];
  @ApiProperty({ type: [FailedProgramDto], description: 'Rolled back whole; the next run retries them' }) failed: FailedProgramDto[];
}

export class InvoiceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'PAS-2026-000042' }) number: string;
  @ApiProperty({ enum: [380, 381], description: '380 invoice, 381 credit note' }) typeCode: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a credit note: the invoice it cancels' }) correctsInvoiceId: string | null;
  @ApiProperty({ format: 'uuid' }) funderId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) programId: string | null;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date' }) issueDate: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ['issued', 'partially_paid', 'paid', 'credited'] }) status: string;
  @ApiProperty() totalNetCents: number;
  @ApiProperty() totalVatCents: number;
  @ApiProperty() totalGrossCents: number;
  @ApiProperty({ description: 'Gross amount of the credit notes issued on it: the funder owes totalGrossCents − creditedGrossCents' })
  creditedGrossCents: number;
  @ApiProperty() amountPaidCents: number;
}

class InvoiceLineDto {
  @ApiProperty() position: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) structureId: string | null;
  @ApiProperty({ type: String, nullable: true }) procedureCode: string | null;
  @ApiProperty() quantity: number;
  @ApiProperty() unitPriceCents: number;
  @ApiProperty() netCents: number;
  @ApiProperty({ enum: ['S', 'E', 'O'] }) vatCategory: string;
  @ApiProperty() vatRateBp: number;
}

class VatBreakdownDto {
  @ApiProperty({ enum: ['S', 'E', 'O'] }) category: string;
  @ApiProperty() rateBp: number;
  @ApiProperty() taxableCents: number;
  @ApiProperty() vatCents: number;
  @ApiProperty({ type: String, nullable: true }) exemptionReason: string | null;
}

export class InvoiceDto extends InvoiceSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) seller: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) buyer: Record<string, unknown>;
  @ApiProperty() paymentTerms: string;
  @ApiProperty() latePenaltyTerms: string;
  @ApiProperty({ type: [InvoiceLineDto] }) lines: InvoiceLineDto[];
  @ApiProperty({ type: [VatBreakdownDto] }) vatBreakdown: VatBreakdownDto[];
}
