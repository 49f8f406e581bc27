import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ReconciliationService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CheckCountDto, ReconciliationQueryDto, ReconciliationReportDto } from './dto/reconciliation.dto';

@ApiTags('billing')
@Controller('admin/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'Compare the ledger with invoices, credit notes, payments and payouts, and those with Stripe; list every difference',
    description:
      'Read-only. from/to limit the objects checked to those dated in the period (invoices by issue date, payments by date received, transfers and journals by date); party balances are always checked over all time.',
  })
  @ApiExtraModels(CheckCountDto)
  @ApiOkResponse({ type: ReconciliationReportDto })
  @ApiBadRequestResponse({ description: 'RECONCILIATION_PERIOD_INVALID' })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT_PROVIDER_UNAVAILABLE: Stripe did not answer, nothing was concluded' })
  reconcile(@CurrentActor() actor: Actor, @Query() query: ReconciliationQueryDto) {
    return this.reconciliation.reconcile(actor, query);
  }
}
