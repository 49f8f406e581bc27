import { ApiProperty } from '@nestjs/swagger';

export class PayoutAccountDto {
  @ApiProperty({ format: 'uuid' })
  structureId: string;

  @ApiProperty({ type: String, nullable: true, example: 'acct_1a2b3c4d5e6f7a8b', description: 'Stripe connected account, once created' })
  stripeAccountId: string | null;

  @ApiProperty()
  chargesEnabled: boolean;

  @ApiProperty()
  payoutsEnabled: boolean;

  @ApiProperty()
  detailsSubmitted: boolean;

  @ApiProperty({ type: [String], example: ['external_account'], description: 'What Stripe still needs before payouts' })
  requirementsDue: string[];

  @ApiProperty({ type: String, nullable: true, example: 'requirements.past_due' })
  disabledReason: string | null;

  @ApiProperty({ description: 'Transfers to the structure can be sent' })
  ready: boolean;
}

export class OnboardingLinkDto extends PayoutAccountDto {
  @ApiProperty({ description: 'Stripe-hosted onboarding; single use, expires in about 5 minutes: open it at once, do not store it' })
  onboardingUrl: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
