import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PAYOUT_LINE_STATUSES, PAYOUT_LINES_DEFAULT_PAGE_SIZE, PAYOUT_LINES_MAX_PAGE_SIZE, STATEMENT_PENDING_REASONS } from '@passerelle/billing';

/** Pages beyond this are refused (offset paging: an admin narrows the status instead). */
const MAX_PAGE = 10_000;

export class PayoutLinesQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_LINE_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(PAYOUT_LINE_STATUSES)
  status?: (typeof PAYOUT_LINE_STATUSES)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: PAYOUT_LINES_MAX_PAGE_SIZE, default: PAYOUT_LINES_DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAYOUT_LINES_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class MarkPayoutPaidRequestDto {
  @ApiProperty({ example: 'VIR-PAYOUT-2026-11-0042', description: "The operator's transfer reference on the platform's bank statement" })
  @IsString()
  @Length(1, 140)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference: string;

  @ApiProperty({ format: 'date', example: '2026-11-30', description: 'The day the transfer was sent (Europe/Paris), not in the future' })
  @IsString()
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { message: 'paidOn must be a date, YYYY-MM-DD' })
  paidOn: string;
}

export class PayoutLineDto {
  @ApiProperty({ format: 'uuid' }) payoutLineId: string;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ description: "The structure's share of the invoice (its lines' face value)" }) amountCents: number;
  @ApiProperty({ enum: PAYOUT_LINE_STATUSES, description: 'transferred: by Stripe; paid_by_bank: by the operator, recorded by an admin' })
  status: string;
  @ApiProperty({ type: String, nullable: true, enum: STATEMENT_PENDING_REASONS.filter((r) => r !== 'not_invoiced' && r !== 'invoice_not_paid') })
  pendingReason: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'tr_1Nabc' }) stripeTransferId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) transferredAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'VIR-PAYOUT-2026-11-0042' }) bankReference: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) paidOn: string | null;
}

export class BankPayoutDto extends PayoutLineDto {
  @ApiProperty({ description: 'This reference and day were already recorded for the line: nothing changed' }) duplicate: boolean;
}

class PayoutLineListItemDto extends PayoutLineDto {
  @ApiProperty({ example: 'PAS-2026-000042' }) invoiceNumber: string;
  @ApiProperty() structureName: string;
  @ApiProperty({ format: 'date-time', description: 'When the invoice became paid and the line owed' }) createdAt: string;
}

export class PayoutLinePageDto {
  @ApiProperty({ type: [PayoutLineListItemDto], description: 'Oldest first' }) items: PayoutLineListItemDto[];
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ description: 'Whether a next page exists' }) hasMore: boolean;
}
