import { Injectable } from '@nestjs/common';
import { toSafeInteger } from '@passerelle/database';
import { StripePayments } from '../stripe/stripe-payments';
import type { RecordedIntentRow, TransferredLineRow } from './reconciliation.repository';
import type { ReconciliationDifference } from './reconciliation.types';

/** Stripe objects retrieved at once: bounded, so a large month does not flood Stripe's rate limit. */
const CONCURRENCY = 4;

/**
 * The Stripe side of reconciliation: each PaymentIntent and each Transfer we recorded, retrieved from
 * Stripe and compared with our rows. Stripe unreachable fails the whole run (PAYMENT_PROVIDER_UNAVAILABLE):
 * a partial comparison must not pass for a clean one.
 */
@Injectable()
export class StripeReconciliation {
  constructor(private readonly stripe: StripePayments) {}

  get configured(): boolean {
    return this.stripe.configured;
  }

  async paymentIntents(recorded: RecordedIntentRow[]): Promise<ReconciliationDifference[]> {
    const found = await inBatches(recorded, async (row): Promise<ReconciliationDifference[]> => {
      const subject = { invoiceId: row.invoice_id, number: row.number, paymentIntentId: row.payment_intent_id };
      const intent = await this.stripe.paymentIntentState(row.payment_intent_id);
      if (intent === null) {
        return [{ kind: 'stripe_payment_intent_missing', subject, expected: row.payment_intent_id, actual: null, detail: 'Stripe does not know this PaymentIntent' }];
      }
      const differences: ReconciliationDifference[] = [];
      if (intent.transferGroup !== row.invoice_id) {
        differences.push({ kind: 'stripe_payment_intent_transfer_group', subject, expected: row.invoice_id, actual: intent.transferGroup, detail: 'transfer_group is not the invoice id' });
      }
      const recordedCents = toSafeInteger(row.recorded);
      if (intent.receivedCents !== recordedCents) {
        differences.push({
          kind: 'stripe_payment_received',
          subject,
          expected: recordedCents,
          actual: intent.receivedCents,
          detail: `recorded payments vs received at Stripe (intent of ${intent.amountCents} cents, ${intent.status})`,
        });
      }
      if (intent.chargeId !== row.charge_id) {
        differences.push({ kind: 'stripe_payment_charge', subject, expected: row.charge_id, actual: intent.chargeId, detail: `recorded charge vs the intent's charge (${intent.status})` });
      }
      return differences;
    });
    return found.flat();
  }

  async transfers(lines: TransferredLineRow[]): Promise<ReconciliationDifference[]> {
    const found = await inBatches(lines, async (line): Promise<ReconciliationDifference[]> => {
      const subject = { payoutLineId: line.payout_line_id, invoiceId: line.invoice_id, structureId: line.structure_id, transferId: line.stripe_transfer_id };
      const transfer = await this.stripe.transferState(line.stripe_transfer_id);
      if (transfer === null) {
        return [{ kind: 'stripe_transfer_missing', subject, expected: line.stripe_transfer_id, actual: null, detail: 'Stripe does not know this Transfer' }];
      }
      const amount = toSafeInteger(line.amount);
      const compared: [ReconciliationDifference['kind'], string | number, string | number | null, string][] = [
        ['stripe_transfer_amount', amount, transfer.netAmountCents, 'payout line amount vs the transfer net of reversals'],
        ['stripe_transfer_destination', line.stripe_account_id, transfer.destination, "the structure's connected account vs the transfer's destination"],
        ['stripe_transfer_source', line.source_charge_id, transfer.sourceTransaction, "the invoice's charge vs the transfer's source_transaction"],
        ['stripe_transfer_group', line.invoice_id, transfer.transferGroup, 'transfer_group is not the invoice id'],
      ];
      return compared
        .filter(([, expected, actual]) => expected !== actual)
        .map(([kind, expected, actual, detail]): ReconciliationDifference => ({ kind, subject, expected, actual, detail }));
    });
    return found.flat();
  }
}

async function inBatches<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(start, start + CONCURRENCY).map(work))));
  }
  return results;
}
