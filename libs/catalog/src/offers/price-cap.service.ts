import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { NOTIFICATIONS_QUEUE, OutboxWriter } from '@passerelle/outbox';
import { ProcedureCatalog } from '../procedures';
import { OFFERS_SUSPENDED_OVER_CAP_JOB, type OffersSuspendedOverCapJob } from './offer-jobs';
import type { PriceCapEntity, PriceCapHistoryEntity } from './offer.entities';
import { OfferRepository, PriceCapRepository } from './offer.repositories';
import { forbidden, invalidPricing, offerProcedureNotFound } from './offers.errors';

export interface NewPriceCap {
  maxPriceCents: number;
  /** Absent or null: the national cap. */
  departement?: string | null;
  reason: string;
}

export interface PriceCapView {
  procedureCode: string;
  departement: string | null;
  maxPriceCents: number;
  reason: string;
  setAt: string;
}

export interface PriceCapChange {
  cap: PriceCapView;
  previousMaxPriceCents: number | null;
  historyId: string;
  /** Active or paused commercial offers governed by this cap whose price is above it, now suspended_over_cap. */
  suspendedOffers: number;
  /** Always false: raising a cap never reactivates suspended offers; their mediators lower (or confirm) the price. */
  reactivatesSuspendedOffers: false;
  notice: string;
}

export interface PriceCapHistoryView {
  id: string;
  procedureCode: string;
  departement: string | null;
  oldMaxPriceCents: number | null;
  newMaxPriceCents: number;
  reason: string;
  setBy: string;
  setAt: string;
  suspendedOffers: number;
}

export const RAISED_CAP_NOTICE =
  'Relever un plafond ne réactive pas les offres suspendues : chaque médiateur réactive la sienne en indiquant un prix inférieur ou égal au plafond.';

/**
 * Price caps per procedure (national, or per département). Setting one suspends, in the same
 * transaction and under the procedure's exclusive cap lock, exactly the offers it governs whose
 * price is above it, and notifies their structures through the outbox.
 */
@Injectable()
export class PriceCapService {
  constructor(
    private readonly caps: PriceCapRepository,
    private readonly offers: OfferRepository,
    private readonly procedures: ProcedureCatalog,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
  ) {}

  async setCap(actor: Actor, procedureCode: string, input: NewPriceCap): Promise<PriceCapChange> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    if (!Number.isSafeInteger(input.maxPriceCents) || input.maxPriceCents <= 0) {
      throw invalidPricing('Le prix plafond doit être un nombre entier de centimes strictement positif (TTC).');
    }
    await this.requireProcedure(procedureCode);
    const departement = input.departement ?? null;
    return this.transactions.run(async (tx) => {
      await this.offers.lockCapExclusive(procedureCode, tx);
      const setAt = new Date();
      const existing = await this.caps.find(procedureCode, departement, tx);
      const previousMaxPriceCents = existing?.maxPriceCents ?? null;
      const cap = existing ?? this.caps.build({ procedureCode, departement, maxPriceCents: 0, reason: '', setBy: actor.userId, setAt }, tx);
      Object.assign(cap, { maxPriceCents: input.maxPriceCents, reason: input.reason, setBy: actor.userId, setAt });
      const saved = await this.caps.save(cap, tx);

      const suspended = await this.offers.suspendAboveCapInForce({ procedureCode, departement }, tx);
      const history = await this.caps.addHistory(
        {
          procedureCode,
          departement,
          oldMaxPriceCents: previousMaxPriceCents,
          newMaxPriceCents: input.maxPriceCents,
          reason: input.reason,
          setBy: actor.userId,
          setAt,
          suspendedOffers: suspended.length,
        },
        tx,
      );
      const structureIds = [...new Set(suspended.map((offer) => offer.structureId))].sort();
      for (const structureId of structureIds) {
        const payload: OffersSuspendedOverCapJob = { capHistoryId: history.id, structureId };
        await this.outbox.add(tx, { queue: NOTIFICATIONS_QUEUE, name: OFFERS_SUSPENDED_OVER_CAP_JOB, payload: { ...payload } });
      }
      await this.audit.record(
        actor,
        {
          action: 'price_cap.set',
          objectType: 'price_cap',
          objectId: saved.id,
          details: {
            procedureCode,
            departement,
            oldMaxPriceCents: previousMaxPriceCents,
            newMaxPriceCents: input.maxPriceCents,
            reason: input.reason,
            historyId: history.id,
            suspendedOfferIds: suspended.map((offer) => offer.id),
          },
        },
        tx,
      );
      return {
        cap: toCapView(saved),
        previousMaxPriceCents,
        historyId: history.id,
        suspendedOffers: suspended.length,
        reactivatesSuspendedOffers: false as const,
        notice: RAISED_CAP_NOTICE,
      };
    });
  }

  /** Caps in force (public), for one procedure or all. */
  async list(procedureCode?: string): Promise<PriceCapView[]> {
    if (procedureCode !== undefined) await this.requireProcedure(procedureCode);
    return (await this.caps.list(procedureCode)).map(toCapView);
  }

  async history(actor: Actor, procedureCode: string): Promise<PriceCapHistoryView[]> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    await this.requireProcedure(procedureCode);
    return (await this.caps.history(procedureCode)).map(toHistoryView);
  }

  private async requireProcedure(code: string): Promise<void> {
    if (!(await this.procedures.find(code))) throw offerProcedureNotFound(code);
  }
}

function toCapView(cap: PriceCapEntity): PriceCapView {
  return {
    procedureCode: cap.procedureCode,
    departement: cap.departement,
    maxPriceCents: cap.maxPriceCents,
    reason: cap.reason,
    setAt: cap.setAt.toISOString(),
  };
}

function toHistoryView(entry: PriceCapHistoryEntity): PriceCapHistoryView {
  return {
    id: entry.id,
    procedureCode: entry.procedureCode,
    departement: entry.departement,
    oldMaxPriceCents: entry.oldMaxPriceCents,
    newMaxPriceCents: entry.newMaxPriceCents,
    reason: entry.reason,
    setBy: entry.setBy,
    setAt: entry.setAt.toISOString(),
    suspendedOffers: entry.suspendedOffers,
  };
}
