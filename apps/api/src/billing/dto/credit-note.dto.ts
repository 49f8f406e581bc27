import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreditNoteRequestDto {
  @ApiProperty({ example: 'Pass contestés par le financeur', description: 'Printed on the credit note and kept in the audit log' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class IssuedCreditNoteDto {
  @ApiProperty({ format: 'uuid' }) creditNoteId: string;
  @ApiProperty({ example: 'PAS-2026-000043' }) number: string;
  @ApiProperty({ format: 'uuid' }) correctsInvoiceId: string;
  @ApiProperty() totalNetCents: number;
  @ApiProperty() totalVatCents: number;
  @ApiProperty() totalGrossCents: number;
  @ApiProperty({ description: 'Already paid on the invoice, now owed back to the funder' }) refundDueCents: number;
}
