import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { Ledger, redemptionAccrued, redemptionReversed } from '@passerelle/billing/ledger';
import { DomainError, isUuid } from '@passerelle/common';
import { BookingLookupService, type BookingForRedemption } from '@passerelle/booking';
import { StructureDirectory, type CredentialKind } from '@passerelle/catalog';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { formatCode, isWellFormedCode, normaliseCode } from '../codes/voucher-code';
import {
  bookingAlreadyRedeemed,
  bookingNotFound,
  forbidden,
  idempotencyKeyReused,
  redemptionAlreadyUndone,
  redemptionInvoiced,
  redemptionNotFound,
  undoWindowClosed,
  voucherAlreadyRedeemed,
  voucherNotEligible,
  voucherNotFound,
} from '../vouchers.errors';
import { beneficiaryKeyOf, checkEligibility, checkRedeemableState } from './eligibility';
import { RedemptionConflictError, RedemptionRepository, type RedemptionRecord } from './redemption.repository';
import { VoucherRepository, type VoucherWithProgram } from './voucher.repository';
import { WrongCodeThrottle } from './wrong-code-throttle.service';

export const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RedeemRequest {
  code: string;
  bookingId: string;
  idempotencyKey: string;
}

export interface RedemptionView {
  id: string;
  code: string;
  programId: string;
  bookingId: string;
  structureId: string;
  faceValueCents: number;
  redeemedAt: string;
  undoableUntil: string;
  undoneAt: string | null;
}

/** Sentinel: the voucher changed state between our read and our conditional update. */
class LostTheRace extends Error {}

/**
 * Mediators redeem vouchers against completed bookings of their structure. Exactly once: the
 * conditional status update and the unique live redemption per voucher decide between racing
 * requests. An Idempotency-Key already stored for the structure replays the first result: it is
 * looked up only when the redemption cannot proceed (voucher already used, key already taken), so
 * the usual path costs no extra query.
 */
@Injectable()
export class RedemptionService {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly redemptions: RedemptionRepository,
    private readonly bookings: BookingLookupService,
    private readonly structures: StructureDirectory,
    private readonly throttle: WrongCodeThrottle,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly ledger: Ledger,
  ) {}

  async redeem(actor: Actor, request: RedeemRequest): Promise<RedemptionView> {
    if (!hasRole(actor, 'mediator')) throw forbidden();
    const code = normaliseCode(request.code);
    const booking = isUuid(request.bookingId) ? await this.bookings.findForRedemption(request.bookingId) : null;
    if (!booking || !isMemberOf(actor, booking.structureId)) throw bookingNotFound();
    await this.throttle.assertAllowed(actor.userId, booking.structureId);

    const voucher = isWellFormedCode(code) ? await this.vouchers.findByCode(code) : null;
    if (!voucher) {
      await this.throttle.recordWrongCode(actor.userId, booking.structureId);
      // Not the code itself: a near miss would point at a real one.
      await this.audit.record(actor, {
        action: 'voucher.wrong_code',
        objectType: 'structure',
        objectId: booking.structureId,
        details: { during: 'redeem' },
      });
      throw voucherNotFound();
    }
    try {
      const now = new Date();
      checkRedeemableState(voucher, now);
      checkEligibility(voucher, booking, now);
      await this.checkCredentials(voucher, booking);
      return toView(await this.transactions.run((tx) => this.record(actor, voucher, booking, request.idempotencyKey, tx)));
    } catch (error) {
      if (!lostToAnotherRequest(error)) throw error;
      // Another request won, perhaps while we were reading. Ours may replay the winner (same key); else say why not.
      const winner = await this.replayOf(booking.structureId, request, code);
      if (winner) return winner;
      if (error instanceof RedemptionConflictError && error.conflict === 'booking') throw bookingAlreadyRedeemed();
      if (error instanceof RedemptionConflictError && error.conflict === 'idempotency_key') throw idempotencyKeyReused();
      checkRedeemableState({ ...voucher, status: await this.vouchers.statusOf(voucher.id) }, new Date());
      throw voucherAlreadyRedeemed();
    }
  }

  /** Within 24 h, by a member of the redeeming structure, unless the voucher is already invoiced. */
  async undo(actor: Actor, redemptionId: string): Promise<RedemptionView> {
    if (!hasRole(actor, 'mediator') || !isUuid(redemptionId)) throw redemptionNotFound();
    return this.transactions.run(async (tx) => {
      const redemption = await this.redemptions.lockById(redemptionId, tx);
      if (!redemption || !isMemberOf(actor, redemption.structureId)) throw redemptionNotFound();
      if (redemption.undoneAt) throw redemptionAlreadyUndone();
      if (redemption.voucherStatus !== 'redeemed') throw redemptionInvoiced();
      if (Date.now() - redemption.redeemedAt.getTime() > UNDO_WINDOW_MS) throw undoWindowClosed();
      const undoneAt = await this.redemptions.undo(redemption.id, redemption.voucherId, actor.userId, tx);
      await this.ledger.post(tx, redemptionReversed({ ...ledgerParties(redemption), occurredAt: undoneAt }));
      await this.audit.record(
        actor,
        {
          action: 'voucher.redemption_undone',
          objectType: 'voucher',
          objectId: redemption.voucherId,
          details: { redemptionId: redemption.id, bookingId: redemption.bookingId, structureId: redemption.structureId },
        },
        tx,
      );
      return toView({ ...redemption, undoneAt });
    });
  }

  private async record(
    actor: Actor,
    voucher: VoucherWithProgram,
    booking: BookingForRedemption,
    idempotencyKey: string,
    tx: EntityManager,
  ): Promise<RedemptionRecord> {
    const beneficiaryKey = beneficiaryKeyOf(voucher, booking);
    const limit = voucher.program.perBeneficiaryLimit;
    if (limit !== null && beneficiaryKey && (await this.redemptions.countForBeneficiary(voucher.program.id, beneficiaryKey, tx)) >= limit) {
      throw voucherNotEligible('BENEFICIARY_LIMIT_REACHED', { limit });
    }
    const redemption = await this.redemptions.redeem(
      {
        voucherId: voucher.id,
        programId: voucher.program.id,
        funderId: voucher.program.funderId,
        bookingId: booking.id,
        structureId: booking.structureId,
        procedureCode: booking.procedureCode,
        departement: booking.departement,
        beneficiaryKey,
        faceValueCents: voucher.faceValueCents,
        idempotencyKey,
        redeemedBy: actor.userId,
      },
      voucher.code,
      tx,
    );
    if (!redemption) throw new LostTheRace();
    // In the redemption's transaction: the funder owes the face value from now on, and the structure is owed it.
    await this.ledger.post(tx, redemptionAccrued({ ...ledgerParties(redemption), occurredAt: redemption.redeemedAt }));
    await this.audit.record(
      actor,
      {
        action: 'voucher.redeemed',
        objectType: 'voucher',
        objectId: voucher.id,
        details: { redemptionId: redemption.id, programId: voucher.program.id, bookingId: booking.id, structureId: booking.structureId },
      },
      tx,
    );
    return redemption;
  }

  /** The stored result for this key, when it was for the same code and booking; a reused key otherwise. */
  private async replayOf(structureId: string, request: RedeemRequest, code: string): Promise<RedemptionView | null> {
    const stored = await this.redemptions.findByIdempotencyKey(structureId, request.idempotencyKey);
    if (!stored) return null;
    if (stored.code !== code || stored.bookingId !== request.bookingId) throw idempotencyKeyReused();
    return toView(stored);
  }

  private async checkCredentials(voucher: VoucherWithProgram, booking: BookingForRedemption): Promise<void> {
    for (const kind of voucher.program.requiredCredentials) {
      if (!(await this.structures.hasActiveCredential(booking.structureId, [kind as CredentialKind]))) {
        throw voucherNotEligible('CREDENTIAL_MISSING', { credential: kind });
      }
    }
  }
}

function lostToAnotherRequest(error: unknown): boolean {
  return (
    error instanceof LostTheRace ||
    error instanceof RedemptionConflictError ||
    (error instanceof DomainError && error.code === 'VOUCHER_ALREADY_REDEEMED')
  );
}

function ledgerParties(redemption: RedemptionRecord) {
  return { redemptionId: redemption.id, funderId: redemption.funderId, structureId: redemption.structureId, amountCents: redemption.faceValueCents };
}

function toView(redemption: RedemptionRecord): RedemptionView {
  return {
    id: redemption.id,
    code: formatCode(redemption.code),
    programId: redemption.programId,
    bookingId: redemption.bookingId,
    structureId: redemption.structureId,
    faceValueCents: redemption.faceValueCents,
    redeemedAt: redemption.redeemedAt.toISOString(),
    undoableUntil: new Date(redemption.redeemedAt.getTime() + UNDO_WINDOW_MS).toISOString(),
    undoneAt: redemption.undoneAt?.toISOString() ?? null,
  };
}
