import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '@passerelle/database';
import { transferSent } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { PaymentRepository } from '../payments/payment.repository';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client.provider';
import { StripePayments } from '../stripe/stripe-payments';
import { PayoutAccountRepository, isPayoutAccountReady } from './payout-account.repository';
import { PayoutLineRepository, type PayoutPendingReason } from './payout-line.repository';

export type PayoutTransferOutcome = 'transferred' | 'already_done' | PayoutPendingReason;

/**
 * Sends one payout line's Stripe transfer (the job's work). The line is locked for the call, so a
 * second job for it waits and then finds it done; the idempotency key `transfer:<line id>` makes a
 * retry after a lost answer or a crash before commit get the same transfer back from Stripe.
 */
@Injectable()
export class PayoutTransferService {
  private readonly logger = new Logger(PayoutTransferService.name);

  constructor(
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly transactions: TransactionRunner,
    private readonly lines: PayoutLineRepository,
    private readonly accounts: PayoutAccountRepository,
    private readonly payments: PaymentRepository,
    private readonly stripePayments: StripePayments,
    private readonly ledger: Ledger,
  ) {}

  transfer(payoutLineId: string, now = new Date()): Promise<PayoutTransferOutcome> {
    return this.transactions.run(async (manager) => {
      const line = await this.lines.lock(manager, payoutLineId);
      // Transferred, or paid by the operator's bank transfer meanwhile: nothing left to send.
      if (!line || line.status !== 'pending') return 'already_done';
      const blocked = await this.blocker(manager, line.invoiceId, line.structureId);
      if (blocked.reason) {
        await this.lines.setPendingReason(manager, line.id, blocked.reason);
        return blocked.reason;
      }
      const { destination, chargeId } = blocked;
      const transferId = await this.stripePayments.createTransfer({
        payoutLineId: line.id,
        invoiceId: line.invoiceId,
        destination,
        amountCents: line.amountCents,
        sourceChargeId: chargeId,
      });
      await this.lines.markTransferred(manager, line.id, { stripeTransferId: transferId, sourceChargeId: chargeId, stripeAccountId: destination, at: now });
      await this.ledger.post(manager, transferSent({ payoutLineId: line.id, structureId: line.structureId, amountCents: line.amountCents, via: 'stripe', occurredAt: now }));
      this.logger.log({ payoutLineId: line.id, transferId }, 'payout transferred');
      return 'transferred';
    });
  }

  /** Why the line cannot be transferred now, or where to and from which charge. */
  private async blocker(
    manager: EntityManager,
    invoiceId: string,
    structureId: string,
  ): Promise<{ reason: PayoutPendingReason } | { reason: null; destination: string; chargeId: string }> {
    const { chargeId, paidByBank } = await this.payments.stripeChargeOf(manager, invoiceId);
    if (this.stripe === null || chargeId === null || paidByBank) return { reason: 'bank_transfer' };
    // Read without a lock: account.updated locks the account then the lines, the reverse order would deadlock.
    const account = await this.accounts.find(structureId, manager);
    if (!isPayoutAccountReady(account)) return { reason: 'payout_account_not_ready' };
    return { reason: null, destination: account!.stripe_account_id!, chargeId };
  }
}
