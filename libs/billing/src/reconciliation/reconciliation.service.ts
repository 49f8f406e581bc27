import { Injectable } from '@nestjs/common';
import { TransactionRunner, toSafeInteger } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { RedemptionsForInvoicing } from '@passerelle/vouchers';
import type { EntityManager } from 'typeorm';
import { invoicingForbidden, reconciliationPeriodInvalid } from '../billing.errors';
import { parisStartOf } from '../invoicing/invoicing-period';
import { ReconciliationRepository, type EventJournalRow, type PartySumRow } from './reconciliation.repository';
import {
  RECONCILIATION_CHECKS,
  type DifferenceKind,
  type ReconciliationCheck,
  type ReconciliationDifference,
  type ReconciliationPeriod,
  type ReconciliationReport,
} from './reconciliation.types';
import { StripeReconciliation } from './stripe-reconciliation';

const BALANCE_KINDS: Record<string, { kind: DifferenceKind; sign: 1 | -1; detail: string }> = {
  funder_receivable: { kind: 'funder_receivable_balance', sign: 1, detail: 'owed by the funder: invoices − credit notes − payments vs funder_receivable' },
  funder_unbilled: { kind: 'funder_unbilled_balance', sign: 1, detail: 'redeemed, not invoiced vouchers vs funder_unbilled' },
  structure_payable: {
    kind: 'structure_payable_balance',
    sign: -1,
    detail: 'owed to the structure: its lines on invoices − on credit notes + redeemed, not invoiced − paid out (Stripe or bank) vs −structure_payable',
  },
};

/**
 * Compares the ledger with the invoices, payments and payouts it should mirror, and, when Stripe is
 * configured, our payments and transfers with Stripe's objects. Read-only: it lists differences for a
 * person to look at and changes nothing. The database checks read one snapshot (REPEATABLE READ),
 * so money moving meanwhile cannot show up as a difference.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: ReconciliationRepository,
    private readonly redemptions: RedemptionsForInvoicing,
    private readonly stripe: StripeReconciliation,
  ) {}

  async reconcile(actor: Actor | 'system', bounds: { from?: string; to?: string } = {}, now = new Date()): Promise<ReconciliationReport> {
    if (actor !== 'system' && !hasRole(actor, 'admin')) throw invoicingForbidden();
    const period = periodOf(bounds);
    const counts = Object.fromEntries(RECONCILIATION_CHECKS.map((check) => [check, { checked: 0, differences: 0 }])) as ReconciliationReport['counts'];
    const differences: ReconciliationDifference[] = [];
    const add = (check: ReconciliationCheck, checked: number, found: ReconciliationDifference[]) => {
      counts[check] = { checked, differences: found.length };
      differences.push(...found);
    };
    const { intents, transfers } = await this.transactions.run(async (tx) => {
      await this.databaseChecks(tx, period, add);
      return { intents: await this.repository.recordedIntents(tx, period), transfers: await this.repository.transferredLines(tx, period) };
    }, 'REPEATABLE READ');
    if (this.stripe.configured) {
      add('stripe_payment_intents', intents.length, await this.stripe.paymentIntents(intents));
      add('stripe_transfers', transfers.length, await this.stripe.transfers(transfers));
    }
    return { checkedAt: now.toISOString(), period, stripeChecked: this.stripe.configured, counts, differences };
  }

  private async databaseChecks(
    tx: EntityManager,
    period: ReconciliationPeriod,
    add: (check: ReconciliationCheck, checked: number, found: ReconciliationDifference[]) => void,
  ): Promise<void> {
    const unbalanced = await this.repository.unbalancedJournals(tx, period);
    add(
      'journals_balanced',
      unbalanced.checked,
      unbalanced.rows.map((row) => ({
        kind: 'journal_unbalanced',
        subject: { journalId: row.journal_id, eventKey: row.event_key },
        expected: 0,
        actual: toSafeInteger(row.sum),
        detail: `${row.kind} journal: sum of its ${row.entries} entries (at least two, summing to zero)`,
      })),
    );

    const events = await this.repository.eventJournals(tx, period);
    add('event_journals', events.checked, events.rows.map(eventDifference));

    const orphans = await this.repository.orphanJournals(tx, period);
    add(
      'orphan_journals',
      orphans.checked,
      orphans.rows.map((row) => ({
        kind: 'journal_orphan',
        subject: { journalId: row.journal_id, eventKey: row.event_key },
        expected: null,
        actual: row.kind,
        detail: `a ${row.kind} journal whose invoice, credit note, payment or paid payout line does not exist`,
      })),
    );

    const paid = await this.repository.amountPaid(tx, period);
    add(
      'invoice_amount_paid',
      paid.checked,
      paid.rows.map((row) => ({
        kind: 'invoice_amount_paid',
        subject: { invoiceId: row.invoice_id, number: row.number },
        expected: toSafeInteger(row.payments),
        actual: toSafeInteger(row.amount_paid),
        detail: 'sum of invoice_payments vs invoices.amount_paid_cents',
      })),
    );

    const payouts = await this.repository.payoutLines(tx, period);
    add(
      'payout_lines',
      payouts.checked,
      payouts.rows.map((row) => ({
        kind: row.payout_line_id === null ? 'payout_line_missing' : row.share === null ? 'payout_line_unexpected' : 'payout_line_amount',
        subject: { invoiceId: row.invoice_id, structureId: row.structure_id, payoutLineId: row.payout_line_id },
        expected: row.share === null ? null : toSafeInteger(row.share),
        actual: row.amount === null ? null : toSafeInteger(row.amount),
        detail: "the structure's lines on the paid invoice vs its payout line",
      })),
    );

    const balances = await this.partyBalances(tx);
    add('party_balances', balances.checked, balances.found);
  }

  /** Every party's ledger balance against what the documents imply (always over all time). */
  private async partyBalances(tx: EntityManager): Promise<{ checked: number; found: ReconciliationDifference[] }> {
    const ledger = sums(await this.repository.ledgerPartySums(tx));
    const documented = sums(await this.repository.documentedPartySums(tx));
    for (const { funderId, structureId, amountCents } of await this.redemptions.uninvoicedByParty(tx)) {
      documented.set(`funder_unbilled:${funderId}`, (documented.get(`funder_unbilled:${funderId}`) ?? 0) + amountCents);
      documented.set(`structure_payable:${structureId}`, (documented.get(`structure_payable:${structureId}`) ?? 0) - amountCents);
    }
    const keys = [...new Set([...ledger.keys(), ...documented.keys()])].sort();
    const found: ReconciliationDifference[] = [];
    for (const key of keys) {
      const [account, partyId] = key.split(':') as [string, string];
      const expected = documented.get(key) ?? 0;
      const actual = ledger.get(key) ?? 0;
      if (expected === actual) continue;
      const { kind, sign, detail } = BALANCE_KINDS[account]!;
      found.push({ kind, subject: { partyId, account }, expected: sign * expected, actual: sign * actual, detail });
    }
    return { checked: keys.length, found };
  }
}

function eventDifference(row: EventJournalRow): ReconciliationDifference {
  const kind = row.kind as 'invoice_issued' | 'credit_note_issued' | 'payment_received' | 'transfer_sent';
  if (row.journal_kind === null) {
    return { kind: `${kind}_journal_missing`, subject: { ...row.subject, eventKey: row.event_key }, expected: kind, actual: null, detail: `no journal ${row.event_key}` };
  }
  if (row.account === null) {
    return { kind: `${kind}_journal_mismatch`, subject: { ...row.subject, eventKey: row.event_key }, expected: kind, actual: row.journal_kind, detail: 'journal of another kind' };
  }
  return {
    kind: `${kind}_journal_mismatch`,
    subject: { ...row.subject, eventKey: row.event_key, account: row.account, partyId: row.party_id },
    expected: row.expected === null ? null : toSafeInteger(row.expected),
    actual: row.actual === null ? null : toSafeInteger(row.actual),
    detail: `${row.account} entry (debit positive) of ${row.event_key}`,
  };
}

function sums(rows: PartySumRow[]): Map<string, number> {
  return new Map(rows.map((row) => [`${row.account}:${row.party_id}`, toSafeInteger(row.cents)]));
}

function periodOf(bounds: { from?: string; to?: string }): ReconciliationPeriod {
  const date = (value: string | undefined) => {
    if (value === undefined) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || parisStartOf(value) === null) throw reconciliationPeriodInvalid();
    return value;
  };
  const period = { from: date(bounds.from), to: date(bounds.to) };
  if (period.from !== null && period.to !== null && period.from > period.to) throw reconciliationPeriodInvalid();
  return period;
}
