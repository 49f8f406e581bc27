import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { BookingQueriesService, BookingService, BookingTransitionsService } from '@passerelle/booking';
import type { Actor } from '@passerelle/identity';
import { Roles } from '../auth/access.decorators';
import { CurrentActor } from '../auth/current-actor.decorator';
import { uuidParam } from '../catalog/structures/uuid-param';
import { BookingDto, BookingListQuery, CancelBookingDto, CreateBookingDto } from './dto/booking.dto';

const NOT_YOURS = 'BOOKING_NOT_FOUND, also when it is not yours to see';
const ILLEGAL = 'ILLEGAL_TRANSITION (details: currentStatus, action): only a confirmed booking can be cancelled, completed or marked no-show';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingService,
    private readonly transitions: BookingTransitionsService,
    private readonly queries: BookingQueriesService,
  ) {}

  @Post()
  @Roles('beneficiary', 'prescriber', 'mediator')
  @ApiOperation({
    summary: 'Book a slot',
    description:
      'A beneficiary books for themself; a prescriber for a person (name and phone); a mediator records a walk-in at their ' +
      'structure. The price is frozen now (0 for funded offers), with the checklist of documents to bring. ' +
      'Errors: BENEFICIARY_REQUIRED (400), OFFER_NOT_FOUND (404), SLOT_FULL, ALREADY_BOOKED (409), SLOT_NOT_AVAILABLE, OFFER_NOT_BOOKABLE (422).',
  })
  @ApiCreatedResponse({ type: BookingDto })
  @ApiConflictResponse({ description: 'SLOT_FULL, ALREADY_BOOKED' })
  @ApiUnprocessableEntityResponse({ description: 'SLOT_NOT_AVAILABLE, OFFER_NOT_BOOKABLE' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateBookingDto) {
    return this.bookings.create(actor, { offerId: body.offerId, startsAt: new Date(body.startsAt), beneficiary: body.beneficiary });
  }

  @Get()
  @Roles('beneficiary', 'prescriber', 'mediator')
  @ApiOperation({
    summary: 'Your bookings',
    description: "Beneficiary: their own. Prescriber: those they made. Mediator: their structure's agenda for one Paris day.",
  })
  @ApiOkResponse({ type: [BookingDto] })
  list(@CurrentActor() actor: Actor, @Query() query: BookingListQuery) {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Roles('beneficiary', 'prescriber', 'mediator')
  @ApiOperation({ summary: 'One booking' })
  @ApiOkResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) bookingId: string) {
    return this.queries.get(actor, bookingId);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('beneficiary', 'prescriber', 'mediator')
  @ApiOperation({
    summary: 'Cancel a booking',
    description:
      'The person or their prescriber up to BOOKING_CANCELLATION_DEADLINE_MINUTES before the start; a mediator anytime, with a reason. ' +
      'Errors: CANCEL_REASON_REQUIRED (400), CANCELLATION_DEADLINE_PASSED (422).',
  })
  @ApiOkResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: ILLEGAL })
  @ApiUnprocessableEntityResponse({ description: 'CANCELLATION_DEADLINE_PASSED' })
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidParam()) bookingId: string, @Body() body: CancelBookingDto) {
    return this.transitions.cancel(actor, bookingId, body?.reason);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('mediator')
  @ApiOperation({ summary: 'Mark done (after the start)', description: 'Errors: BOOKING_NOT_STARTED (422).' })
  @ApiOkResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: ILLEGAL })
  complete(@CurrentActor() actor: Actor, @Param('id', uuidParam()) bookingId: string) {
    return this.transitions.complete(actor, bookingId);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Roles('mediator')
  @ApiOperation({ summary: 'Mark the person absent (after the start)', description: 'Errors: BOOKING_NOT_STARTED (422).' })
  @ApiOkResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  @ApiConflictResponse({ description: ILLEGAL })
  noShow(@CurrentActor() actor: Actor, @Param('id', uuidParam()) bookingId: string) {
    return this.transitions.noShow(actor, bookingId);
  }
}
