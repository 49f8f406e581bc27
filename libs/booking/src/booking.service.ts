import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import {
  BOOKING_CONFIRMATION_JOB,
  BOOKING_REMINDER_JOB,
  NOTIFICATIONS_QUEUE,
  OutboxWriter,
  bookingReminderJobId,
} from '@passerelle/outbox';
import type { EntityManager } from 'typeorm';
import { AvailabilityRepository, type BookableOffer } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { isBookingMediator } from './booking-access';
import { newBookingReference } from './booking-reference';
import { toBookingView, type BookingView } from './booking-view';
import {
  alreadyBooked,
  beneficiaryRequired,
  offerNotBookable,
  offerNotFound,
  slotFull,
  slotNotAvailable,
} from './booking.errors';
import { BookingRepository, violatedConstraint, type NewBookingRow } from './booking.repository';
import { toE164 } from './phone';

export interface NewBooking {
  offerId: string;
  startsAt: Date;
  /** For a person without an account, booked by a prescriber or recorded by a mediator at the desk. */
  beneficiary?: { name: string; phone: string };
}

const REMINDER_BEFORE_MS = 24 * 3_600_000;
const REFERENCE_ATTEMPTS = 5;

/** Books slots. Capacity and "one booking per person and slot" are PostgreSQL's to enforce. */
@Injectable()
export class BookingService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly offers: AvailabilityRepository,
    private readonly availability: AvailabilityService,
    private readonly outbox: OutboxWriter,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: NewBooking): Promise<BookingView> {
    const offer = await this.offers.findOffer(input.offerId);
    if (!offer) throw offerNotFound();
    const who = this.whoIsBooked(actor, offer, input);
    if (offer.status !== 'active') throw offerNotBookable();
    // Read outside the transaction: a rule edited meanwhile is a harmless race (the old one was in force).
    const slot = await this.availability.findOpenSlot(offer, input.startsAt);
    if (!slot) throw slotNotAvailable();
    // Most of a crowd racing for a slot arrive once it is full: answer them without queueing on its lock.
    if (await this.bookings.isFull(offer.id, input.startsAt, slot.capacity)) throw slotFull();

    for (let attempt = 1; ; attempt++) {
      try {
        return toBookingView(await this.transactions.run((tx) => this.book(actor, offer, { startsAt: input.startsAt, ...slot }, who, tx)));
      } catch (error) {
        const constraint = violatedConstraint(error);
        if (constraint === 'bookings_person_slot_key') throw alreadyBooked();
        // Two bookings drew the same reference: draw again (rare: 31^8 references).
        if (constraint !== 'bookings_reference_key' || attempt >= REFERENCE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Everything that needs no lock comes first; the slot's row is locked (takePlace) as late as
   * possible, so that racing bookings of one slot queue for as short a time as possible.
   */
  private async book(actor: Actor, offer: BookableOffer, slot: OpenSlot, who: BookedPerson, tx: EntityManager) {
    const { startsAt } = slot;
    const bookingId = randomUUID();
    const reference = newBookingReference();
    await this.outbox.add(tx, { queue: NOTIFICATIONS_QUEUE, name: BOOKING_CONFIRMATION_JOB, payload: { bookingId } });
    const remindAt = new Date(startsAt.getTime() - REMINDER_BEFORE_MS);
    // Booked less than a day ahead: the confirmation is the reminder.
    if (remindAt > new Date()) {
      await this.outbox.add(tx, {
        queue: NOTIFICATIONS_QUEUE,
        name: BOOKING_REMINDER_JOB,
        payload: { bookingId },
        jobId: bookingReminderJobId(bookingId),
        runAt: remindAt,
      });
    }
    await this.audit.record(
      actor,
      { action: 'booking.created', objectType: 'booking', objectId: bookingId, details: { reference, bookedAs: who.bookedAs } },
      tx,
    );
    if (!(await this.bookings.takePlace(offer.id, startsAt, slot.capacity, tx))) throw slotFull();
    return this.bookings.insert(
      {
        ...who,
        id: bookingId,
        reference,
        offerId: offer.id,
        structureId: offer.structureId,
        placeId: offer.placeId,
        procedureCode: offer.procedureCode,
        startsAt,
        endsAt: slot.endsAt,
        pricingKind: offer.pricingKind,
        priceCents: offer.pricingKind === 'commercial' ? offer.priceCents : 0,
        bookedBy: actor.userId,
        checklist: offer.documents,
      },
      tx,
    );
  }

  /** A beneficiary books for themself; a prescriber or a mediator (their structure's offers) for a named person. */
  private whoIsBooked(actor: Actor, offer: BookableOffer, input: NewBooking): BookedPerson {
    if (hasRole(actor, 'beneficiary')) {
      return {
        bookedAs: 'beneficiary',
        beneficiaryUserId: actor.userId,
        beneficiaryName: null,
        beneficiaryPhone: null,
        personKey: `user:${actor.userId}`,
      };
    }
    const bookedAs = hasRole(actor, 'mediator') && isBookingMediator(actor, offer) ? 'mediator' : hasRole(actor, 'prescriber') ? 'prescriber' : null;
    // A mediator of another structure may not record walk-ins here: the offer is "not found" to them.
    if (!bookedAs) throw offerNotFound();
    const phone = input.beneficiary && toE164(input.beneficiary.phone);
    const name = input.beneficiary?.name.trim();
    if (!phone || !name) throw beneficiaryRequired();
    return { bookedAs, beneficiaryUserId: null, beneficiaryName: name, beneficiaryPhone: phone, personKey: `phone:${phone}` };
  }
}

type OpenSlot = { startsAt: Date; endsAt: Date; capacity: number };

type BookedPerson = Pick<NewBookingRow, 'bookedAs' | 'beneficiaryUserId' | 'beneficiaryName' | 'beneficiaryPhone' | 'personKey'>;
