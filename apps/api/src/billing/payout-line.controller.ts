import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BankPayoutService } from '@passerelle/billing';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { BankPayoutDto, MarkPayoutPaidRequestDto, PayoutLinePageDto, PayoutLinesQueryDto } from './dto/payout-line.dto';

@ApiTags('billing')
@Controller('admin/payout-lines')
export class PayoutLineController {
  constructor(private readonly bankPayouts: BankPayoutService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: "Structures' payout lines by status (pending by default), oldest first: the ones to pay by bank transfer have pendingReason bank_transfer",
  })
  @ApiOkResponse({ type: PayoutLinePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PayoutLinesQueryDto) {
    return this.bankPayouts.list(actor, query);
  }

  @Post(':id/mark-paid')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Record the operator's bank transfer of a structure's share: the line becomes paid_by_bank once; the same reference and day again change nothing",
  })
  @ApiOkResponse({ type: BankPayoutDto })
  @ApiBadRequestResponse({ description: 'INVALID_ID; PAYOUT_DATE_INVALID (not a date, or in the future)' })
  @ApiNotFoundResponse({ description: 'PAYOUT_LINE_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'PAYOUT_LINE_ALREADY_PAID (by Stripe, or by bank under another reference or day; details give how); PAYOUT_LINE_TRANSFER_IN_PROGRESS (a Stripe transfer is queued)',
  })
  markPaid(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() body: MarkPayoutPaidRequestDto) {
    return this.bankPayouts.markPaid(actor, id, body);
  }
}
