import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from '@passerelle/outbox';
import { BILLING_QUEUE, PAYOUT_TRANSFER_JOB } from '../billing-queue';
import { PaymentRepository } from '../payments/payment.repository';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client.provider';
import { PayoutAccountRepository, isPayoutAccountReady } from './payout-account.repository';
import { PayoutLineRepository, type PayoutPendingReason } from './payout-line.repository';

/**
 * What a paid invoice owes its structures: one payout line per structure (its lines' face value; the
 * platform keeps the operator fee), written in the transaction that made the invoice paid. A line
 * that can be transferred now gets a transfer job through the outbox; the others wait with a reason.
 */
@Injectable()
export class PayoutPlanner {
  constructor(
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly lines: PayoutLineRepository,
    private readonly accounts: PayoutAccountRepository,
    private readonly payments: PaymentRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async planForPaidInvoice(manager: EntityManager, invoiceId: string): Promise<void> {
    const shares = await this.lines.sharesOf(manager, invoiceId);
    if (shares.length === 0) return;
    const { chargeId, paidByBank } = await this.payments.stripeChargeOf(manager, invoiceId);
    // Transfers draw on the funder's charge; money received on the platform's bank account is paid out by bank.
    const throughStripe = this.stripe !== null && chargeId !== null && !paidByBank;
    const accounts = await this.accounts.shareLock(manager, shares.map((s) => s.structureId));
    const reasonOf = (structureId: string): PayoutPendingReason => {
      if (!throughStripe) return 'bank_transfer';
      return isPayoutAccountReady(accounts.get(structureId) ?? null) ? 'awaiting_transfer' : 'payout_account_not_ready';
    };
    const inserted = await this.lines.insertMissing(
      manager,
      invoiceId,
      shares.map((share) => ({ ...share, reason: reasonOf(share.structureId) })),
    );
    await this.enqueue(manager, inserted.filter((line) => line.pendingReason === 'awaiting_transfer').map((line) => line.id));
  }

  /** From account.updated: a structure whose account became ready gets its waiting lines transferred. */
  async releaseForAccount(manager: EntityManager, stripeAccountId: string): Promise<void> {
    const account = await this.accounts.structureOfAccount(manager, stripeAccountId);
    if (!account || !isPayoutAccountReady(account)) return;
    await this.enqueue(manager, await this.lines.releaseWaitingForAccount(manager, account.structure_id));
  }

  private async enqueue(manager: EntityManager, payoutLineIds: string[]): Promise<void> {
    for (const payoutLineId of payoutLineIds) {
      await this.outbox.add(manager, { queue: BILLING_QUEUE, name: PAYOUT_TRANSFER_JOB, payload: { payoutLineId } });
    }
  }
}
