import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { ProcedureCatalog } from '../procedures';
import { canReadStructureOffers, canWriteStructureOffers } from './offer-access';
import type { OfferEntity, OfferModality, OfferStatus } from './offer.entities';
import { OfferRepository, type OfferPlace } from './offer.repositories';
import {
  invalidPricing,
  modalityNotAtPlace,
  offerNotFound,
  offerPlaceNotFound,
  offerProcedureNotFound,
  offerStructureNotFound,
  offerSuspendedOverCap,
  priceAboveCap,
} from './offers.errors';

export type OfferPricing = { kind: 'funded' } | { kind: 'commercial'; priceCents: number };

export interface NewOffer {
  placeId: string;
  procedureCode: string;
  modality: OfferModality;
  durationMinutes: number;
  pricing: OfferPricing;
}

/** Fields left undefined are unchanged. A mediator may pause or resume; suspension is the cap's doing. */
export interface OfferPatch extends Partial<NewOffer> {
  status?: Extract<OfferStatus, 'active' | 'paused'>;
}

export interface OfferView {
  id: string;
  structureId: string;
  placeId: string;
  procedureCode: string;
  modality: OfferModality;
  durationMinutes: number;
  pricing: { kind: 'funded'; priceCents: null } | { kind: 'commercial'; priceCents: number };
  status: OfferStatus;
  createdAt: string;
  updatedAt: string;
}

/** Thrown inside a transaction when a concurrent edit changed what we locked: run it again. */
class LockedTheWrongProcedure extends Error {}

/**
 * Offers of a structure, written by its members. Every write that can leave a commercial offer
 * active or paused checks its price against the cap in force under the procedure's cap lock
 * (shared here, exclusive in PriceCapService), so a concurrent cap change can never be missed.
 */
@Injectable()
export class OfferService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly procedures: ProcedureCatalog,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: NewOffer): Promise<OfferView> {
    checkPricing(input.pricing);
    await this.requireProcedure(input.procedureCode);
    const created = await this.transactions.run(async (tx) => {
      await this.offers.lockCapsShared([input.procedureCode], tx);
      const place = await this.offers.findPlace(input.placeId, tx);
      if (!place || !canWriteStructureOffers(actor, place.structureId)) throw offerPlaceNotFound();
      checkModality(input.modality, place);
      const priceCents = input.pricing.kind === 'commercial' ? input.pricing.priceCents : null;
      await this.checkCap(input.procedureCode, place, priceCents, tx);
      const offer = await this.offers.save(
        this.offers.build(
          {
            structureId: place.structureId,
            placeId: place.id,
            procedureCode: input.procedureCode,
            modality: input.modality,
            durationMinutes: input.durationMinutes,
            pricingKind: input.pricing.kind,
            priceCents,
            status: 'active',
          },
          tx,
        ),
        tx,
      );
      await this.audit.record(
        actor,
        { action: 'offer.created', objectType: 'offer', objectId: offer.id, details: snapshot(offer) },
        tx,
      );
      return offer;
    });
    return toView(created);
  }

  async update(actor: Actor, offerId: string, patch: OfferPatch): Promise<OfferView> {
    if (patch.pricing !== undefined) checkPricing(patch.pricing);
    if (patch.procedureCode !== undefined) await this.requireProcedure(patch.procedureCode);
    for (let attempt = 1; ; attempt++) {
      try {
        return toView(await this.transactions.run((tx) => this.applyPatch(actor, offerId, patch, tx)));
      } catch (error) {
        if (!(error instanceof LockedTheWrongProcedure) || attempt >= 5) throw error;
      }
    }
  }

  async get(actor: Actor, offerId: string): Promise<OfferView> {
    const offer = await this.offers.findById(offerId);
    if (!offer || !canReadStructureOffers(actor, offer.structureId)) throw offerNotFound();
    return toView(offer);
  }

  async listForStructure(actor: Actor, structureId: string): Promise<OfferView[]> {
    if (!canReadStructureOffers(actor, structureId) || !(await this.offers.structureExists(structureId))) {
      throw offerStructureNotFound();
    }
    return (await this.offers.listByStructure(structureId)).map(toView);
  }

  private async applyPatch(
    actor: Actor,
    offerId: string,
    patch: OfferPatch,
    tx: EntityManager,
  ): Promise<OfferEntity> {
    // Cap locks come before the row lock, in the same order as a cap change (no deadlock).
    const current = await this.offers.findById(offerId, tx);
    if (!current || !canWriteStructureOffers(actor, current.structureId)) throw offerNotFound();
    const locked = [current.procedureCode, patch.procedureCode ?? current.procedureCode];
    await this.offers.lockCapsShared(locked, tx);
    const offer = await this.offers.lockById(offerId, tx);
    if (!offer) throw offerNotFound();
    if (!locked.includes(offer.procedureCode)) throw new LockedTheWrongProcedure();
    const before = snapshot(offer);

    let place: OfferPlace | null;
    if (patch.placeId !== undefined && patch.placeId !== offer.placeId) {
      place = await this.offers.findPlace(patch.placeId, tx);
      // An offer stays in its structure: another structure's place is "not found", even to a member of both.
      if (!place || place.structureId !== offer.structureId) throw offerPlaceNotFound();
    } else {
      place = await this.offers.findPlace(offer.placeId, tx);
      if (!place) throw offerNotFound();
    }

    const wasSuspended = offer.status === 'suspended_over_cap';
    if (wasSuspended && patch.pricing === undefined && patch.status !== undefined) throw offerSuspendedOverCap();

    offer.placeId = place.id;
    if (patch.procedureCode !== undefined) offer.procedureCode = patch.procedureCode;
    if (patch.modality !== undefined) offer.modality = patch.modality;
    if (patch.modality !== undefined || patch.placeId !== undefined) checkModality(offer.modality, place);
    if (patch.durationMinutes !== undefined) offer.durationMinutes = patch.durationMinutes;
    if (patch.pricing !== undefined) {
      offer.pricingKind = patch.pricing.kind;
      offer.priceCents = patch.pricing.kind === 'commercial' ? patch.pricing.priceCents : null;
    }
    // A suspended offer comes back only with a price the mediator sets again (checked below).
    if (!wasSuspended || patch.pricing !== undefined) offer.status = patch.status ?? (wasSuspended ? 'active' : offer.status);

    if (offer.status !== 'suspended_over_cap') await this.checkCap(offer.procedureCode, place, offer.priceCents, tx);

    const after = snapshot(offer);
    const changes = Object.keys(after).filter((key) => before[key] !== after[key]);
    if (changes.length === 0) return offer;
    const saved = await this.offers.save(offer, tx);
    await this.audit.record(
      actor,
      {
        action: wasSuspended && saved.status !== 'suspended_over_cap' ? 'offer.reactivated' : 'offer.updated',
        objectType: 'offer',
        objectId: saved.id,
        details: {
          before: Object.fromEntries(changes.map((key) => [key, before[key]])),
          after: Object.fromEntries(changes.map((key) => [key, after[key]])),
        },
      },
      tx,
    );
    return saved;
  }

  /** Call under the procedure's cap lock. Funded offers (null price) are never capped. */
  private async checkCap(
    procedureCode: string,
    place: OfferPlace,
    priceCents: number | null,
    tx: EntityManager,
  ): Promise<void> {
    if (priceCents === null) return;
    const cap = await this.offers.capInForce(procedureCode, place.departement, tx);
    if (cap && priceCents > cap.maxPriceCents) throw priceAboveCap(priceCents, cap.maxPriceCents, cap.departement);
  }

  private async requireProcedure(code: string): Promise<void> {
    if (!(await this.procedures.find(code))) throw offerProcedureNotFound(code);
  }
}

/** An offer is given the way its place works: its modality is one of the place's (read FOR SHARE). */
function checkModality(modality: OfferModality, place: OfferPlace): void {
  if (!place.modalities.includes(modality)) throw modalityNotAtPlace(modality, place.modalities);
}

function checkPricing(pricing: OfferPricing): void {
  if (pricing.kind === 'commercial') {
    if (!Number.isSafeInteger(pricing.priceCents) || pricing.priceCents <= 0) {
      throw invalidPricing('Le prix doit être un nombre entier de centimes strictement positif (TTC).');
    }
  } else if ((pricing as { priceCents?: unknown }).priceCents !== undefined) {
    throw invalidPricing("Une offre financée n'a pas de prix : retirez priceCents ou choisissez kind « commercial ».");
  }
}

function snapshot(offer: OfferEntity): Record<string, string | number | null> {
  return {
    placeId: offer.placeId,
    procedureCode: offer.procedureCode,
    modality: offer.modality,
    durationMinutes: offer.durationMinutes,
    pricingKind: offer.pricingKind,
    priceCents: offer.priceCents,
    status: offer.status,
  };
}

export function toView(offer: OfferEntity): OfferView {
  return {
    id: offer.id,
    structureId: offer.structureId,
    placeId: offer.placeId,
    procedureCode: offer.procedureCode,
    modality: offer.modality,
    durationMinutes: offer.durationMinutes,
    pricing:
      offer.pricingKind === 'commercial'
        ? { kind: 'commercial', priceCents: offer.priceCents! }
        : { kind: 'funded', priceCents: null },
    status: offer.status,
    createdAt: offer.createdAt.toISOString(),
    updatedAt: offer.updatedAt.toISOString(),
  };
}
