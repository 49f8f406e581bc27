import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CreditNoteLineDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'Position of a voucher (face value) line of the invoice; the fee follows in proportion' })
  @IsInt()
  @Min(1)
  @Max(32_767)
  position: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 2,
    description: 'Vouchers to credit on the line (the most recently redeemed when not named); absent with no voucherIds: all that is left of the line',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The vouchers credited, all on this line (e.g. redeemed by mistake)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  voucherIds?: string[];
}

export class CreditNoteRequestDto {
  @ApiProperty({ example: 'Pass contestés par le financeur', description: 'Printed on the credit note and kept in the audit log' })
  @IsString()
  @Length(1, 500)
  reason: string;

  @ApiPropertyOptional({
    type: [CreditNoteLineDto],
    description: 'What to credit; absent: everything not credited yet (the whole invoice for a first credit note)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreditNoteLineDto)
  lines?: CreditNoteLineDto[];

  @ApiPropertyOptional({
    default: false,
    description: 'The credited vouchers go back to redeemed, without invoice, and are billed again by the next invoicing run (e.g. wrong buyer details)',
  })
  @IsOptional()
  @IsBoolean()
  rebill?: boolean;
}

class CreditedVouchersDto {
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: [String], format: 'uuid' }) voucherIds: string[];
}

export class IssuedCreditNoteDto {
  @ApiProperty({ format: 'uuid' }) creditNoteId: string;
  @ApiProperty({ example: 'PAS-2026-000043' }) number: string;
  @ApiProperty({ format: 'uuid' }) correctsInvoiceId: string;
  @ApiProperty() totalNetCents: number;
  @ApiProperty() totalVatCents: number;
  @ApiProperty() totalGrossCents: number;
  @ApiProperty({ description: 'Paid on the invoice beyond what the funder now owes on it, because of this credit note: owed back to the funder' })
  refundDueCents: number;
  @ApiProperty({ enum: ['issued', 'partially_paid', 'paid', 'credited'], description: "The invoice's status afterwards; credited once nothing is left" })
  invoiceStatus: string;
  @ApiProperty({ description: 'The credited vouchers were released to be billed again' }) rebilled: boolean;
  @ApiProperty({ type: [CreditedVouchersDto], description: 'The vouchers credited, per line of the invoice' }) vouchers: CreditedVouchersDto[];
}
