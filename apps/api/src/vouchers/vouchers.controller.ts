import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DomainError } from '@passerelle/common';
import type { Actor } from '@passerelle/identity';
import { AssignmentService, RedemptionService, VoucherCancellationService } from '@passerelle/vouchers';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { AssignVoucherDto, AssignedVoucherDto, CancelledVoucherDto, RedeemVoucherDto, RedemptionDto } from './dto/voucher.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || !IDEMPOTENCY_KEY.test(header)) {
    throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'invalid_input', 'En-tête Idempotency-Key requis (1 à 200 caractères visibles).');
  }
  return header;
}

@ApiTags('vouchers')
@Controller()
export class VouchersController {
  constructor(
    private readonly assignments: AssignmentService,
    private readonly redemptions: RedemptionService,
    private readonly cancellations: VoucherCancellationService,
  ) {}

  @Post('vouchers/redeem')
  @Roles('mediator')
  @ApiOperation({
    summary: 'Redeem a voucher against a completed booking of your structure',
    description:
      'Replaying the same Idempotency-Key (per structure) returns the first result. Wrong codes are rate limited per person and per structure.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A unique key per redemption attempt (e.g. a UUID)' })
  @ApiCreatedResponse({ type: RedemptionDto })
  @ApiNotFoundResponse({ description: 'VOUCHER_NOT_FOUND, BOOKING_NOT_FOUND (also when not your structure’s)' })
  @ApiConflictResponse({ description: 'VOUCHER_ALREADY_REDEEMED, BOOKING_ALREADY_REDEEMED, IDEMPOTENCY_KEY_REUSED' })
  @ApiGoneResponse({ description: 'VOUCHER_EXPIRED, VOUCHER_CANCELLED' })
  @ApiUnprocessableEntityResponse({
    description:
      'VOUCHER_NOT_ELIGIBLE with reason: PROGRAM_PAUSED, NOT_YET_VALID, BOOKING_NOT_COMPLETED, PROCEDURE_NOT_ELIGIBLE, ' +
      'DEPARTEMENT_NOT_ELIGIBLE, CREDENTIAL_MISSING, BENEFICIARY_LIMIT_REACHED, BENEFICIARY_MISMATCH',
  })
  @ApiTooManyRequestsResponse({ description: 'VOUCHER_ATTEMPTS_RATE_LIMITED' })
  redeem(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: RedeemVoucherDto) {
    return this.redemptions.redeem(actor, { code: body.code, bookingId: body.bookingId, idempotencyKey: idempotencyKeyOf(key) });
  }

  @Post('redemptions/:id/undo')
  @HttpCode(200)
  @Roles('mediator')
  @ApiOperation({ summary: 'Undo a redemption of your structure within 24 hours, unless already invoiced' })
  @ApiOkResponse({ type: RedemptionDto })
  @ApiNotFoundResponse({ description: 'REDEMPTION_NOT_FOUND, also when not your structure’s' })
  @ApiConflictResponse({ description: 'REDEMPTION_INVOICED, REDEMPTION_ALREADY_UNDONE' })
  @ApiUnprocessableEntityResponse({ description: 'UNDO_WINDOW_CLOSED' })
  undo(@CurrentActor() actor: Actor, @Param('id', uuidParam()) redemptionId: string) {
    return this.redemptions.undo(actor, redemptionId);
  }

  @Post('vouchers/:code/assign')
  @HttpCode(200)
  @Roles('prescriber')
  @ApiOperation({ summary: 'Hand a voucher of your funder to a person (an account, or a name and phone)' })
  @ApiOkResponse({ type: AssignedVoucherDto })
  @ApiNotFoundResponse({ description: 'VOUCHER_NOT_FOUND (also another funder’s), BENEFICIARY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'VOUCHER_ALREADY_ASSIGNED, VOUCHER_ALREADY_REDEEMED' })
  @ApiGoneResponse({ description: 'VOUCHER_EXPIRED, VOUCHER_CANCELLED' })
  @ApiUnprocessableEntityResponse({ description: 'PROGRAM_PAUSED' })
  @ApiTooManyRequestsResponse({ description: 'VOUCHER_ATTEMPTS_RATE_LIMITED' })
  assign(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: AssignVoucherDto) {
    const beneficiary = body.beneficiaryUserId
      ? { userId: body.beneficiaryUserId }
      : { name: body.beneficiaryName!, phone: body.beneficiaryPhone! };
    return this.assignments.assign(actor, code, beneficiary);
  }

  @Post('vouchers/:code/cancel')
  @HttpCode(200)
  @Roles('funder')
  @ApiOperation({ summary: 'Cancel a voucher of your funder that must never be used (lost, stolen); its value returns to the budget' })
  @ApiOkResponse({ type: CancelledVoucherDto })
  @ApiNotFoundResponse({ description: 'VOUCHER_NOT_FOUND (also another funder’s)' })
  @ApiConflictResponse({ description: 'VOUCHER_ALREADY_REDEEMED' })
  @ApiGoneResponse({ description: 'VOUCHER_EXPIRED, VOUCHER_CANCELLED' })
  @ApiTooManyRequestsResponse({ description: 'VOUCHER_ATTEMPTS_RATE_LIMITED' })
  cancel(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.cancellations.cancel(actor, code);
  }

  @Get('vouchers/assigned')
  @Roles('prescriber')
  @ApiOperation({ summary: 'The vouchers you handed out, and whether each was used' })
  @ApiOkResponse({ type: [AssignedVoucherDto] })
  assigned(@CurrentActor() actor: Actor) {
    return this.assignments.assignedByMe(actor);
  }
}
