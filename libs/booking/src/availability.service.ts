import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { AvailabilityRepository, type BookableOffer, type ClosureRow } from './availability.repository';
import { closureNotFound, invalidOpeningRules, invalidPeriod, offerNotFound } from './booking.errors';
import { freeSlots } from './free-slots';
import { BOOKING_ZONE, generateSlots, parisDay, parisDayBounds, type OpeningRule } from './slot-generation';

/** Longest period one slots request may cover. */
const MAX_SLOT_DAYS = 62;

export interface SlotView {
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

export interface ClosureView {
  id: string;
  scope: 'offer' | 'place';
  startsAt: string;
  endsAt: string;
  reason: string;
}

export interface NewClosure {
  startsAt: Date;
  endsAt: Date;
  reason: string;
  /** Close the whole place (every offer there), not only this offer. */
  wholePlace?: boolean;
}

const canManage = (actor: Actor, structureId: string) => hasRole(actor, 'mediator') && isMemberOf(actor, structureId);

function toClosureView(row: ClosureRow): ClosureView {
  return {
    id: row.id,
    scope: row.offerId ? 'offer' : 'place',
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    reason: row.reason,
  };
}

function checkRules(rules: OpeningRule[]): void {
  rules.forEach((rule, index) => {
    if (rule.startTime >= rule.endTime) throw invalidOpeningRules(`Règle ${index + 1} : l'heure de fin doit suivre l'heure de début.`);
    if (rule.validFrom && rule.validUntil && rule.validFrom > rule.validUntil) {
      throw invalidOpeningRules(`Règle ${index + 1} : la date de fin de validité précède la date de début.`);
    }
    rules.slice(0, index).forEach((other, otherIndex) => {
      const sameDays =
        other.weekday === rule.weekday &&
        (other.validUntil ?? '9999') >= (rule.validFrom ?? '0000') &&
        (rule.validUntil ?? '9999') >= (other.validFrom ?? '0000');
      if (sameDays && other.startTime < rule.endTime && rule.startTime < other.endTime) {
        throw invalidOpeningRules(`Les règles ${otherIndex + 1} et ${index + 1} se chevauchent.`);
      }
    });
  });
}

/** Opening rules, closures and the free slots computed from them (Europe/Paris wall clock). */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Replaces the offer's weekly rules. Existing bookings stay as they are. */
  async setRules(actor: Actor, offerId: string, rules: OpeningRule[]): Promise<OpeningRule[]> {
    const offer = await this.manageableOffer(actor, offerId);
    checkRules(rules);
    return this.transactions.run(async (tx) => {
      // Two concurrent replacements would otherwise interleave their deletes and inserts.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`opening-rules:${offer.id}`]);
      await this.availability.replaceRules(offer.id, rules, tx);
      return this.availability.listRules(offer.id, tx);
    });
  }

  async getRules(offerId: string): Promise<OpeningRule[]> {
    const offer = await this.availability.findOffer(offerId);
    if (!offer) throw offerNotFound();
    return this.availability.listRules(offer.id);
  }

  async addClosure(actor: Actor, offerId: string, input: NewClosure): Promise<ClosureView> {
    const offer = await this.manageableOffer(actor, offerId);
    if (!(input.startsAt < input.endsAt)) throw invalidPeriod('La fin de la fermeture doit suivre son début.');
    const row = await this.availability.addClosure({
      offerId: input.wholePlace ? null : offer.id,
      placeId: input.wholePlace ? offer.placeId : null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason,
      createdBy: actor.userId,
    });
    return toClosureView(row);
  }

  /** Closures of the offer and of its place, from today on (Paris). */
  async listClosures(actor: Actor, offerId: string): Promise<ClosureView[]> {
    const offer = await this.manageableOffer(actor, offerId);
    const from = parisDayBounds(parisDay(new Date())).startsAt;
    const rows = await this.availability.closuresOverlapping(offer, { startsAt: from, endsAt: new Date('9999-01-01') });
    return rows.map(toClosureView);
  }

  async removeClosure(actor: Actor, closureId: string): Promise<void> {
    const closure = await this.availability.findClosure(closureId);
    if (!closure || !canManage(actor, closure.structureId)) throw closureNotFound();
    await this.availability.deleteClosure(closureId);
  }

  /** Free slots of an active offer for Paris days `from`..`to` ('YYYY-MM-DD', inclusive). */
  async listSlots(offerId: string, from: string, to: string): Promise<SlotView[]> {
    const first = DateTime.fromISO(from, { zone: BOOKING_ZONE });
    const last = DateTime.fromISO(to, { zone: BOOKING_ZONE });
    if (!first.isValid || !last.isValid || last < first) throw invalidPeriod('Période invalide : from et to sont des dates AAAA-MM-JJ, from ≤ to.');
    if (last.diff(first, 'days').days >= MAX_SLOT_DAYS) throw invalidPeriod(`Au plus ${MAX_SLOT_DAYS} jours par demande.`);
    const offer = await this.availability.findOffer(offerId);
    if (!offer) throw offerNotFound();
    if (offer.status !== 'active') return [];

    const period = { startsAt: parisDayBounds(from).startsAt, endsAt: parisDayBounds(to).endsAt };
    const [rules, closures, booked] = await Promise.all([
      this.availability.listRules(offer.id),
      this.availability.closuresOverlapping(offer, period),
      this.availability.bookedCounts(offer.id, period),
    ]);
    return freeSlots(generateSlots(rules, offer.durationMinutes, from, to), closures, booked, new Date()).map((slot) => ({
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      capacity: slot.capacity,
      remaining: slot.remaining,
    }));
  }

  /**
   * The open slot of `offer` starting at `startsAt` (its end and capacity), or null when no rule
   * makes one there, it is past, or a closure covers it.
   */
  async findOpenSlot(
    offer: BookableOffer,
    startsAt: Date,
    manager?: EntityManager,
  ): Promise<{ endsAt: Date; capacity: number } | null> {
    if (startsAt <= new Date()) return null;
    const day = parisDay(startsAt);
    const rules = await this.availability.listRules(offer.id, manager);
    const slot = generateSlots(rules, offer.durationMinutes, day, day).find((candidate) => candidate.startsAt.getTime() === startsAt.getTime());
    if (!slot) return null;
    const closures = await this.availability.closuresOverlapping(offer, slot, manager);
    return closures.length > 0 ? null : { endsAt: slot.endsAt, capacity: slot.capacity };
  }

  private async manageableOffer(actor: Actor, offerId: string): Promise<BookableOffer> {
    const offer = await this.availability.findOffer(offerId);
    if (!offer || !canManage(actor, offer.structureId)) throw offerNotFound();
    return offer;
  }
}
