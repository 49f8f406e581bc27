import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilityService } from '@passerelle/booking';
import type { Actor } from '@passerelle/identity';
import { Public, Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { ClosureDto, CreateClosureDto, OpeningRulesDto, OpeningRulesResponseDto, SlotDto, SlotsQuery } from './dto/availability.dto';

@ApiTags('availability')
@Controller()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Put('offers/:id/opening-rules')
  @Roles('mediator')
  @ApiOperation({
    summary: "Replace an offer's weekly opening rules (Europe/Paris wall clock)",
    description: 'Slots of the offer duration are cut from each range. Errors: INVALID_OPENING_RULES (400, overlapping or reversed ranges).',
  })
  @ApiOkResponse({ type: OpeningRulesResponseDto })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND, also when not your structure’s' })
  async setRules(@CurrentActor() actor: Actor, @Param('id', uuidParam()) offerId: string, @Body() body: OpeningRulesDto) {
    const rules = body.rules.map((rule) => ({ ...rule, validFrom: rule.validFrom ?? null, validUntil: rule.validUntil ?? null }));
    return { rules: await this.availability.setRules(actor, offerId, rules) };
  }

  @Get('offers/:id/opening-rules')
  @Public()
  @ApiOperation({ summary: "An offer's weekly opening rules" })
  @ApiOkResponse({ type: OpeningRulesResponseDto })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  async getRules(@Param('id', uuidParam()) offerId: string) {
    return { rules: await this.availability.getRules(offerId) };
  }

  @Get('offers/:id/slots')
  @Public()
  @ApiOperation({
    summary: 'Free slots of an offer, Paris days from..to',
    description: 'Opening rules minus closures, past slots and full slots. Errors: INVALID_PERIOD (400).',
  })
  @ApiOkResponse({ type: [SlotDto] })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  slots(@Param('id', uuidParam()) offerId: string, @Query() query: SlotsQuery) {
    return this.availability.listSlots(offerId, query.from, query.to);
  }

  @Post('offers/:id/closures')
  @Roles('mediator')
  @ApiOperation({ summary: 'Close an offer (or its whole place) for a period: holidays, absences' })
  @ApiCreatedResponse({ type: ClosureDto })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND, also when not your structure’s' })
  addClosure(@CurrentActor() actor: Actor, @Param('id', uuidParam()) offerId: string, @Body() body: CreateClosureDto) {
    return this.availability.addClosure(actor, offerId, {
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      reason: body.reason,
      wholePlace: body.wholePlace,
    });
  }

  @Get('offers/:id/closures')
  @Roles('mediator')
  @ApiOperation({ summary: 'Current and future closures of an offer and its place' })
  @ApiOkResponse({ type: [ClosureDto] })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND, also when not your structure’s' })
  listClosures(@CurrentActor() actor: Actor, @Param('id', uuidParam()) offerId: string) {
    return this.availability.listClosures(actor, offerId);
  }

  @Delete('closures/:id')
  @Roles('mediator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reopen: delete a closure' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'CLOSURE_NOT_FOUND, also when not your structure’s' })
  removeClosure(@CurrentActor() actor: Actor, @Param('id', uuidParam()) closureId: string) {
    return this.availability.removeClosure(actor, closureId);
  }
}
