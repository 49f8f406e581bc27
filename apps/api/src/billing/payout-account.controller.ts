import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { PayoutAccountService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { OnboardingLinkDto, PayoutAccountDto } from './dto/payout-account.dto';

@ApiTags('billing')
@Controller('structures/:id/payout-account')
export class PayoutAccountController {
  constructor(private readonly payoutAccounts: PayoutAccountService) {}

  @Post()
  @HttpCode(200)
  @Roles('mediator')
  @ApiOperation({
    summary: "Onboard your structure to Stripe payouts: creates its connected account once, returns a fresh onboarding link",
  })
  @ApiOkResponse({ type: OnboardingLinkDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  @ApiConflictResponse({ description: 'PAYOUTS_BY_BANK_TRANSFER: no Stripe on this platform, structures are paid by bank transfer' })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT_PROVIDER_UNAVAILABLE: Stripe did not answer; retry' })
  start(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.payoutAccounts.startOnboarding(actor, structureId);
  }

  @Get()
  @Roles('mediator')
  @ApiOperation({ summary: "Your structure's payout account readiness (from Stripe's account.updated events)" })
  @ApiOkResponse({ type: PayoutAccountDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.payoutAccounts.get(actor, structureId);
  }
}
