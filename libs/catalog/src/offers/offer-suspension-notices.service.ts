import { Injectable } from '@nestjs/common';
import type { SuspensionEvent } from './offer-jobs';
import { OfferSuspensionRepository, type SuspendedOfferRow } from './offer-suspensions.repository';

export type SuspensionCause =
  | { kind: 'cap-lowered'; procedureTitle: string; departement: string | null; maxPriceCents: number; reason: string; at: Date }
  | { kind: 'place-moved'; placeName: string; oldDepartement: string; newDepartement: string; at: Date };

export interface SuspensionNotice {
  structureId: string;
  structureName: string;
  cause: SuspensionCause;
  /** The offers of this event still suspended now (a mediator may have fixed some since). */
  offers: SuspendedOfferRow[];
}

/**
 * What a structure is told when offers are suspended over a cap, re-read when the notice goes out
 * (jobs carry ids only). No access checks: for the notifications context, not for people.
 */
@Injectable()
export class OfferSuspensionNotices {
  constructor(private readonly suspensions: OfferSuspensionRepository) {}

  /** Null when the event or the structure does not exist, or the move is another structure's. */
  async find(event: SuspensionEvent, structureId: string): Promise<SuspensionNotice | null> {
    const structureName = await this.suspensions.structureName(structureId);
    if (structureName === null) return null;
    if ('capHistoryId' in event) {
      const cap = await this.suspensions.findCapEvent(event.capHistoryId);
      if (!cap) return null;
      return {
        structureId,
        structureName,
        cause: { kind: 'cap-lowered', procedureTitle: cap.procedureTitle, departement: cap.departement, maxPriceCents: cap.newMaxPriceCents, reason: cap.reason, at: cap.setAt },
        offers: await this.suspensions.stillSuspended(structureId, { procedureCode: cap.procedureCode, departement: cap.departement }),
      };
    }
    const move = await this.suspensions.findPlaceMove(event.placeMoveId);
    if (!move || move.structureId !== structureId) return null;
    return {
      structureId,
      structureName,
      cause: { kind: 'place-moved', placeName: move.placeName, oldDepartement: move.oldDepartement, newDepartement: move.newDepartement, at: move.changedAt },
      offers: await this.suspensions.stillSuspended(structureId, { placeId: move.placeId }),
    };
  }
}
