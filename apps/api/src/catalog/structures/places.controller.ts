import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { PlaceService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../../auth/access.decorators';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { CreatePlaceDto, PlaceDto, UpdatePlaceDto } from './dto/place.dto';
import { uuidParam } from './uuid-param';

const PLACE_ERRORS =
  'Errors: VALIDATION_FAILED, INVALID_OPENING_HOURS (with the parser message), INVALID_COORDINATES, INVALID_POSTCODE (400).';

@ApiTags('structures')
@Controller()
export class PlacesController {
  constructor(private readonly places: PlaceService) {}

  @Post('structures/:id/places')
  @Roles('mediator')
  @ApiOperation({ summary: 'Add a place to your structure (members only)', description: PLACE_ERRORS })
  @ApiCreatedResponse({ type: PlaceDto })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  create(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string, @Body() body: CreatePlaceDto) {
    return this.places.create(actor, structureId, body);
  }

  @Get('structures/:id/places')
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: "A structure's places (its members and admins)" })
  @ApiOkResponse({ type: [PlaceDto] })
  @ApiNotFoundResponse({ description: 'STRUCTURE_NOT_FOUND, also when you are not a member' })
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) structureId: string) {
    return this.places.list(actor, structureId);
  }

  @Get('places/:id')
  @Roles('mediator', 'admin')
  @ApiOperation({ summary: 'One place (members of its structure and admins)' })
  @ApiOkResponse({ type: PlaceDto })
  @ApiNotFoundResponse({ description: 'PLACE_NOT_FOUND, also when you are not a member' })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) placeId: string) {
    return this.places.get(actor, placeId);
  }

  @Patch('places/:id')
  @Roles('mediator')
  @ApiOperation({
    summary: 'Change a place (members of its structure only); null clears an optional field',
    description:
      `${PLACE_ERRORS} A new département (postcode and INSEE code) re-checks the price caps of the place's commercial offers: ` +
      'those above the cap in force there become suspended_over_cap (never repriced) and the structure is told by email.',
  })
  @ApiOkResponse({ type: PlaceDto })
  @ApiNotFoundResponse({ description: 'PLACE_NOT_FOUND, also when you are not a member' })
  @ApiConflictResponse({ description: 'MODALITY_IN_USE: offers of the place use a modality the patch removes (offerIds, modalities)' })
  @ApiUnprocessableEntityResponse({
    description: 'POSTCODE_INSEE_MISMATCH: only one of postcode and INSEE code changes and they now name two départements',
  })
  update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) placeId: string, @Body() body: UpdatePlaceDto) {
    return this.places.update(actor, placeId, body);
  }
}
