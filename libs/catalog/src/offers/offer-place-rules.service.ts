import { Injectable } from '@nestjs/common';
import type { Actor } from '@passerelle/identity';
import { NOTIFICATIONS_QUEUE, OutboxWriter } from '@passerelle/outbox';
import type { EntityManager } from 'typeorm';
import { OFFERS_SUSPENDED_OVER_CAP_JOB, type OffersSuspendedOverCapJob } from './offer-jobs';
import type { OfferModality } from './offer.entities';
import { OfferRepository } from './offer.repositories';
import { OfferSuspensionRepository } from './offer-suspensions.repository';
import { modalityInUse } from './offers.errors';

/** A place whose département changed. */
export interface PlaceMove {
  placeId: string;
  structureId: string;
  oldDepartement: string;
  newDepartement: string;
}

export interface PlaceMoveOutcome {
  placeMoveId: string;
  suspendedOfferIds: string[];
}

/**
 * What a change of a place means for its offers, called by the place's update in its transaction:
 * a place may not drop a modality its offers use, and a place that changes département re-checks
 * its offers against the caps in force there, by the same suspension as a lowered cap.
 *
 * Lock order, the same as offer writes and cap changes: the procedures' cap locks (shared), the
 * offers' rows, then the place's row.
 */
@Injectable()
export class OfferPlaceRules {
  constructor(
    private readonly offers: OfferRepository,
    private readonly suspensions: OfferSuspensionRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Before locking a place that will change département. Returns the procedures whose cap locks are held. */
  async lockForMove(placeId: string, tx: EntityManager): Promise<string[]> {
    const procedures = await this.suspensions.proceduresAtPlaces([placeId], tx);
    await this.offers.lockCapsShared(procedures, tx);
    await this.suspensions.lockOffersAtPlace(placeId, tx);
    return procedures;
  }

  /**
   * After the place's new département is saved (its row locked): suspends its commercial offers
   * above the cap in force there, records the move and, if it suspended any, tells the structure
   * through the outbox. Null when an offer of a procedure not locked reached the place meanwhile:
   * the caller runs its transaction again.
   */
  async afterMove(actor: Actor, move: PlaceMove, lockedProcedures: readonly string[], tx: EntityManager): Promise<PlaceMoveOutcome | null> {
    const procedures = await this.suspensions.proceduresAtPlaces([move.placeId], tx);
    if (procedures.some((code) => !lockedProcedures.includes(code))) return null;
    return this.suspendAtMovedPlace(move, actor.userId, tx);
  }

  /**
   * Before an open-data import locks and writes places that change département: the same locks as
   * lockForMove, for all of them, in one id order. Returns the procedures whose cap locks are held.
   */
  async lockForImportedMoves(placeIds: readonly string[], tx: EntityManager): Promise<string[]> {
    if (placeIds.length === 0) return [];
    const procedures = await this.suspensions.proceduresAtPlaces(placeIds, tx);
    await this.offers.lockCapsShared(procedures, tx);
    await this.suspensions.lockOffersAtPlaces(placeIds, tx);
    return procedures;
  }

  /**
   * The open-data import's moves, once its places are written (locked after lockForImportedMoves):
   * the same suspension, record and notice for each. Null when an offer of a procedure not locked
   * reached a moved place meanwhile: the import runs its transaction again.
   */
  async afterImportedMoves(moves: readonly PlaceMove[], lockedProcedures: readonly string[], tx: EntityManager): Promise<PlaceMoveOutcome[] | null> {
    if (moves.length === 0) return [];
    const procedures = await this.suspensions.proceduresAtPlaces(moves.map((move) => move.placeId), tx);
    if (procedures.some((code) => !lockedProcedures.includes(code))) return null;
    const outcomes: PlaceMoveOutcome[] = [];
    for (const move of moves) outcomes.push(await this.suspendAtMovedPlace(move, null, tx));
    return outcomes;
  }

  private async suspendAtMovedPlace(move: PlaceMove, changedBy: string | null, tx: EntityManager): Promise<PlaceMoveOutcome> {
    const suspended = await this.offers.suspendAboveCapInForce({ placeId: move.placeId }, tx);
    const placeMoveId = await this.suspensions.recordPlaceMove({ ...move, changedBy, suspendedOffers: suspended.length }, tx);
    if (suspended.length > 0) {
      const payload: OffersSuspendedOverCapJob = { structureId: move.structureId, placeMoveId };
      await this.outbox.add(tx, { queue: NOTIFICATIONS_QUEUE, name: OFFERS_SUSPENDED_OVER_CAP_JOB, payload: { ...payload } });
    }
    return { placeMoveId, suspendedOfferIds: suspended.map((offer) => offer.id) };
  }

  /** MODALITY_IN_USE (409, naming the offers) when some offer of the place uses a modality outside `modalities`. */
  async assertModalitiesCoverOffers(placeId: string, modalities: readonly OfferModality[], tx: EntityManager): Promise<void> {
    const outside = await this.suspensions.offersWithModalityOutside(placeId, modalities, tx);
    if (outside.length > 0) throw modalityInUse(outside);
  }
}
