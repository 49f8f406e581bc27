import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { OfferService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../../auth/access.decorators';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { uuidParam } from '../structures/uuid-param';
import { CreateOfferDto, OfferDto, UpdateOfferDto } from './dto/offer.dto';

const CAP_ERRORS =
  'PRICE_ABOVE_CAP (details: maxPriceCents, departement — null for the national cap; the message gives the cap in euros), ' +
  'OFFER_SUSPENDED_OVER_CAP (a suspended offer comes back only with a price ≤ the cap in force), ' +
  "MODALITY_NOT_AT_PLACE (the modality is not one of the place's: details modality, placeModalities)";

@ApiTags('offers')
@Controller()
export class OffersController {
  constructor(private readonly offers: OfferService) {}

  @Post('offers')
  @Roles('mediator')
  @ApiOperation({
    summary: 'Publish an offer: one procedure at one place of your structure',
    description: 'Errors: VALIDATION_FAILED, INVALID_PRICING (400); PLACE_NOT_FOUND, PROCEDURE_NOT_FOUND (404); PRICE_ABOVE_CAP (422).',
  })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiNotFoundResponse({ description: 'PLACE_NOT_FOUND (also when the place is not your structure’s), PROCEDURE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: CAP_ERRORS })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOfferDto) {
    return this.offers.create(actor, { ...body, pricing: pricingOf(body.pricing) });
  }

  @Patch('offers/:id')
  @Roles('mediator')
  @ApiOperation({
    summary: 'Edit, pause or resume an offer of your structure',
    description: 'Any subset of the fields. A commercial price is checked against the cap in force for the resulting procedure and place.',
  })
  @ApiOkResponse({ type: OfferDto })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND (also when not yours), PLACE_NOT_FOUND, PROCEDURE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: CAP_ERRORS })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) offerId: string, @Body() body: UpdateOfferDto) {
    return this.offers.update(actor, offerId, { ...body, pricing: body.pricing && pricingOf(body.pricing) });
  }

  @Get('offers/:id')
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: 'One offer (members of its structure and admins)' })
  @ApiOkResponse({ type: OfferDto })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND, also when not yours' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) offerId: string) {
    return this.offers.get(actor, offerId);
  }

  @Get('structures/:id/offers')
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: "A structure's offers, every status (its members and admins)" })
  @ApiOkResponse({ type: [OfferDto] })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.offers.listForStructure(actor, structureId);
  }
}

function pricingOf(pricing: { kind: 'funded' | 'commercial'; priceCents?: number }) {
  return pricing.kind === 'commercial'
    ? { kind: 'commercial' as const, priceCents: pricing.priceCents! }
    : ({ kind: 'funded' as const, ...(pricing.priceCents !== undefined && { priceCents: pricing.priceCents }) } as { kind: 'funded' });
}
