import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECONCILIATION_CHECKS } from '@passerelle/billing';
import { IsOptional, Matches } from 'class-validator';

export class ReconciliationQueryDto {
  @ApiPropertyOptional({ example: '2026-10-01', description: 'First day (Europe/Paris) of the objects checked; none = since the start' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'Last day (Europe/Paris) of the objects checked; none = up to now' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

class ReconciliationPeriodDto {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to: string | null;
}

export class CheckCountDto {
  @ApiProperty({ description: 'Objects compared' }) checked: number;
  @ApiProperty() differences: number;
}

class ReconciliationDifferenceDto {
  @ApiProperty({
    example: 'stripe_transfer_amount',
    description:
      'Stable code: journal_unbalanced, journal_orphan, <journal kind>_journal_missing|_mismatch, invoice_amount_paid, payout_line_missing|_unexpected|_amount, funder_receivable_balance, funder_unbilled_balance, structure_payable_balance, stripe_payment_intent_missing|_transfer_group, stripe_payment_received, stripe_payment_charge, stripe_transfer_missing|_amount|_destination|_source|_group',
  })
  kind: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, example: { payoutLineId: 'uuid', transferId: 'tr_1Nabc' } })
  subject: Record<string, string | null>;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], nullable: true, description: 'What our records imply (cents for amounts)' })
  expected: number | string | null;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], nullable: true, description: 'What the ledger or Stripe holds' })
  actual: number | string | null;
  @ApiProperty() detail: string;
}

export class ReconciliationReportDto {
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ type: ReconciliationPeriodDto }) period: ReconciliationPeriodDto;
  @ApiProperty({ description: 'False when Stripe is not configured: the Stripe checks did not run' }) stripeChecked: boolean;
  @ApiProperty({
    type: 'object',
    description: `Per check (${RECONCILIATION_CHECKS.join(', ')})`,
    additionalProperties: { $ref: '#/components/schemas/CheckCountDto' },
  })
  counts: Record<string, CheckCountDto>;
  @ApiProperty({ type: [ReconciliationDifferenceDto], description: 'Empty when everything agrees' }) differences: ReconciliationDifferenceDto[];
}
