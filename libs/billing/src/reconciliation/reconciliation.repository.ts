import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReconciliationPeriod } from './reconciliation.types';

/** A date column (or expression) within the period, bounds being $1 and $2 (null = open). */
const within = (date: string) => `($1::date IS NULL OR ${date} >= $1::date) AND ($2::date IS NULL OR ${date} <= $2::date)`;
const parisDay = (timestamp: string) => `(${timestamp} AT TIME ZONE 'Europe/Paris')::date`;

/** What the query checked and, as JSON rows, what it found. */
interface Checked<T> {
  checked: number;
  rows: T[];
}

export interface UnbalancedJournalRow {
  journal_id: string;
  event_key: string;
  kind: string;
  sum: string;
  entries: number;
}

/** A journal line that differs from what its money event implies (account null: the journal is missing or of another kind). */
export interface EventJournalRow {
  event_key: string;
  kind: string;
  subject: Record<string, string | null>;
  journal_kind: string | null;
  account: string | null;
  party_id: string | null;
  expected: string | null;
  actual: string | null;
}

export interface OrphanJournalRow {
  journal_id: string;
  event_key: string;
  kind: string;
}

export interface AmountPaidRow {
  invoice_id: string;
  number: string;
  amount_paid: string;
  payments: string;
}

export interface PayoutLineRow {
  invoice_id: string;
  structure_id: string;
  payout_line_id: string | null;
  share: string | null;
  amount: string | null;
}

export interface PartySumRow {
  account: string;
  party_id: string;
  cents: string;
}

export interface RecordedIntentRow {
  invoice_id: string;
  number: string;
  payment_intent_id: string;
  recorded: string;
  charge_id: string | null;
}

export interface TransferredLineRow {
  payout_line_id: string;
  invoice_id: string;
  structure_id: string;
  amount: string;
  stripe_transfer_id: string;
  source_charge_id: string;
  stripe_account_id: string;
}

/** One statement per check, set-based (aggregates and anti-joins), run in one snapshot by the service. */
@Injectable()
export class ReconciliationRepository {
  private async checked<T>(manager: EntityManager, sql: string, period: ReconciliationPeriod): Promise<Checked<T>> {
    const [row]: { checked: number; rows: T[] }[] = await manager.query(sql, [period.from, period.to]);
    return { checked: row!.checked, rows: row!.rows };
  }

  /** Journals dated in the period whose entries do not sum to zero or that have fewer than two. */
  unbalancedJournals(manager: EntityManager, period: ReconciliationPeriod): Promise<Checked<UnbalancedJournalRow>> {
    return this.checked(
      manager,
      `WITH j AS (SELECT id, event_key, kind FROM ledger_journals WHERE ${within(parisDay('occurred_at'))}),
            s AS (SELECT j.id AS journal_id, j.event_key, j.kind, coalesce(sum(e.amount_cents), 0) AS total, count(e.id)::int AS entries
                    FROM j LEFT JOIN ledger_entries e ON e.journal_id = j.id GROUP BY j.id, j.event_key, j.kind)
       SELECT (SELECT count(*)::int FROM j) AS checked,
              coalesce((SELECT json_agg(json_build_object('journal_id', journal_id, 'event_key', event_key, 'kind', kind, 'sum', total::text, 'entries', entries)
                                        ORDER BY event_key)
                          FROM s WHERE total <> 0 OR entries < 2), '[]') AS rows`,
      period,
    );
  }

  /**
   * The journal each money event implies (invoices and credit notes by issue date, payments by date
   * received, payouts by date sent: Stripe transfers from stripe_cash, the operator's bank transfers
   * from bank_cash), entry by entry as journals.ts books them, against the ledger.
   * A credit note that released its vouchers gives their face value back to funder_unbilled instead
   * of the structures.
   */
  eventJournals(manager: EntityManager, period: ReconciliationPeriod): Promise<Checked<EventJournalRow>> {
    return this.checked(
      manager,
      `WITH inv AS (SELECT id, number, type_code, funder_id, corrects_invoice_id, credit_rebills, total_net_cents, total_vat_cents, total_gross_cents
                      FROM invoices WHERE ${within('issue_date')}),
            share AS (SELECT l.invoice_id, l.structure_id, sum(l.net_cents) AS cents FROM invoice_lines l JOIN inv ON inv.id = l.invoice_id
                       WHERE l.structure_id IS NOT NULL GROUP BY l.invoice_id, l.structure_id),
            face AS (SELECT inv.*, coalesce(t.cents, 0) AS face
                       FROM inv LEFT JOIN (SELECT invoice_id, sum(cents) AS cents FROM share GROUP BY invoice_id) t ON t.invoice_id = inv.id),
            pay AS (SELECT p.id, p.invoice_id, p.source, p.amount_cents, i.funder_id FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id
                     WHERE ${within('p.received_on')}),
            tr AS (SELECT id, invoice_id, structure_id, amount_cents, status FROM payout_lines
                    WHERE (status = 'transferred' AND ${within(parisDay('transferred_at'))}) OR (status = 'paid_by_bank' AND ${within('paid_on')})),
            subject AS (
              SELECT 'invoice:' || id AS event_key, 'invoice_issued' AS kind, json_build_object('invoiceId', id, 'number', number) AS subject
                FROM inv WHERE type_code = 380
              UNION ALL SELECT 'credit-note:' || id, 'credit_note_issued', json_build_object('creditNoteId', id, 'number', number, 'invoiceId', corrects_invoice_id)
                FROM inv WHERE type_code = 381
              UNION ALL SELECT 'payment:' || id, 'payment_received', json_build_object('paymentId', id, 'invoiceId', invoice_id) FROM pay
              UNION ALL SELECT 'transfer:' || id, 'transfer_sent', json_build_object('payoutLineId', id, 'invoiceId', invoice_id, 'structureId', structure_id) FROM tr),
            expected AS (
              SELECT 'invoice:' || id AS event_key, 'funder_receivable' AS account, funder_id AS party_id, total_gross_cents AS cents FROM face WHERE type_code = 380
              UNION ALL SELECT 'invoice:' || id, 'funder_unbilled', funder_id, -face FROM face WHERE type_code = 380
              UNION ALL SELECT 'invoice:' || id, 'platform_revenue', NULL, -(total_net_cents - face) FROM face WHERE type_code = 380
              UNION ALL SELECT 'invoice:' || id, 'vat_collected', NULL, -total_vat_cents FROM face WHERE type_code = 380
              UNION ALL SELECT 'credit-note:' || id, 'funder_receivable', funder_id, -total_gross_cents FROM face WHERE type_code = 381
              UNION ALL SELECT 'credit-note:' || s.invoice_id, 'structure_payable', s.structure_id, s.cents FROM share s
                          JOIN inv ON inv.id = s.invoice_id AND inv.type_code = 381 AND NOT inv.credit_rebills
              UNION ALL SELECT 'credit-note:' || id, 'funder_unbilled', funder_id, face FROM face WHERE type_code = 381 AND credit_rebills
              UNION ALL SELECT 'credit-note:' || id, 'platform_revenue', NULL, total_net_cents - face FROM face WHERE type_code = 381
              UNION ALL SELECT 'credit-note:' || id, 'vat_collected', NULL, total_vat_cents FROM face WHERE type_code = 381
              UNION ALL SELECT 'payment:' || id, CASE source WHEN 'stripe' THEN 'stripe_cash' ELSE 'bank_cash' END, NULL, amount_cents FROM pay
              UNION ALL SELECT 'payment:' || id, 'funder_receivable', funder_id, -amount_cents FROM pay
              UNION ALL SELECT 'transfer:' || id, 'structure_payable', structure_id, amount_cents FROM tr
              UNION ALL SELECT 'transfer:' || id, CASE status WHEN 'transferred' THEN 'stripe_cash' ELSE 'bank_cash' END, NULL, -amount_cents FROM tr),
            actual AS (
              SELECT j.event_key, e.account, e.party_id, sum(e.amount_cents) AS cents
                FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
               WHERE j.event_key IN (SELECT event_key FROM subject)
               GROUP BY j.event_key, e.account, e.party_id),
            -- Zero amounts are not booked; the nil uuid only makes the party comparable in a FULL JOIN.
            diff AS (
              SELECT coalesce(x.event_key, a.event_key) AS event_key, coalesce(x.account, a.account) AS account,
                     coalesce(x.party_id, a.party_id) AS party_id, x.cents AS expected, a.cents AS actual
                FROM (SELECT * FROM expected WHERE cents <> 0) x
                FULL JOIN actual a ON a.event_key = x.event_key AND a.account = x.account
                 AND coalesce(a.party_id, '00000000-0000-0000-0000-000000000000') = coalesce(x.party_id, '00000000-0000-0000-0000-000000000000')
               WHERE x.cents IS DISTINCT FROM a.cents),
            found AS (
              SELECT s.event_key, s.kind, s.subject, j.kind AS journal_kind, d.account, d.party_id, d.expected::text AS expected, d.actual::text AS actual
                FROM subject s LEFT JOIN ledger_journals j ON j.event_key = s.event_key
                LEFT JOIN diff d ON d.event_key = s.event_key AND j.id IS NOT NULL
               WHERE j.id IS NULL OR j.kind <> s.kind OR d.event_key IS NOT NULL)
       SELECT (SELECT count(*)::int FROM subject) AS checked,
              coalesce((SELECT json_agg(found ORDER BY event_key, account, party_id) FROM found), '[]') AS rows`,
      period,
    );
  }

  /** Journals of a money event kind, dated in the period, whose event (row) does not exist. */
  orphanJournals(manager: EntityManager, period: ReconciliationPeriod): Promise<Checked<OrphanJournalRow>> {
    return this.checked(
      manager,
      `WITH j AS (SELECT id AS journal_id, event_key, kind FROM ledger_journals
                   WHERE kind IN ('invoice_issued', 'credit_note_issued', 'payment_received', 'transfer_sent') AND ${within(parisDay('occurred_at'))}),
            known AS (
              SELECT 'invoice:' || id AS event_key, 'invoice_issued' AS kind FROM invoices WHERE type_code = 380
              UNION ALL SELECT 'credit-note:' || id, 'credit_note_issued' FROM invoices WHERE type_code = 381
              UNION ALL SELECT 'payment:' || id, 'payment_received' FROM invoice_payments
              UNION ALL SELECT 'transfer:' || id, 'transfer_sent' FROM payout_lines WHERE status IN ('transferred', 'paid_by_bank')),
            orphan AS (SELECT j.* FROM j LEFT JOIN known k ON k.event_key = j.event_key AND k.kind = j.kind WHERE k.event_key IS NULL)
       SELECT (SELECT count(*)::int FROM j) AS checked, coalesce((SELECT json_agg(orphan ORDER BY event_key) FROM orphan), '[]') AS rows`,
      period,
    );
  }

  /** Invoices issued in the period whose amount paid is not the sum of their payments. */
  amountPaid(manager: EntityManager, period: ReconciliationPeriod): Promise<Checked<AmountPaidRow>> {
    return this.checked(
      manager,
      `WITH inv AS (SELECT id, number, amount_paid_cents FROM invoices WHERE type_code = 380 AND ${within('issue_date')}),
            paid AS (SELECT p.invoice_id, sum(p.amount_cents) AS cents FROM invoice_payments p JOIN inv ON inv.id = p.invoice_id GROUP BY p.invoice_id),
            found AS (SELECT inv.id AS invoice_id, inv.number, inv.amount_paid_cents::text AS amount_paid, coalesce(paid.cents, 0)::text AS payments
                        FROM inv LEFT JOIN paid ON paid.invoice_id = inv.id WHERE inv.amount_paid_cents <> coalesce(paid.cents, 0))
       SELECT (SELECT count(*)::int FROM inv) AS checked, coalesce((SELECT json_agg(found ORDER BY number) FROM found), '[]') AS rows`,
      period,
    );
  }

  /**
   * Each structure's share of every invoice issued in the period that was paid in full (paid_at stays
   * when it is credited later) against its payout line: its lines less what credit notes issued up to
   * the payout line took back (a credit note after it leaves money to claim back, not a difference).
   */
  payoutLines(manager: EntityManager, period: ReconciliationPeriod): Promise<Checked<PayoutLineRow>> {
    return this.checked(
      manager,
      `WITH share AS (
              SELECT l.invoice_id, l.structure_id, sum(l.net_cents) AS cents FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
               WHERE i.type_code = 380 AND i.paid_at IS NOT NULL AND l.structure_id IS NOT NULL AND ${within('i.issue_date')}
               GROUP BY l.invoice_id, l.structure_id),
            line AS (SELECT pl.id, pl.invoice_id, pl.structure_id, pl.amount_cents, pl.created_at FROM payout_lines pl JOIN invoices i ON i.id = pl.invoice_id
                      WHERE ${within('i.issue_date')}),
            credited AS (SELECT c.corrects_invoice_id AS invoice_id, cl.structure_id, c.created_at, cl.net_cents
                           FROM invoice_lines cl JOIN invoices c ON c.id = cl.invoice_id
                          WHERE c.corrects_invoice_id IN (SELECT invoice_id FROM share) AND cl.structure_id IS NOT NULL),
            pair AS (SELECT coalesce(s.invoice_id, l.invoice_id) AS invoice_id, coalesce(s.structure_id, l.structure_id) AS structure_id,
                            l.id AS payout_line_id, l.amount_cents AS amount,
                            nullif(s.cents - coalesce((SELECT sum(x.net_cents) FROM credited x WHERE x.invoice_id = s.invoice_id
                              AND x.structure_id = s.structure_id AND x.created_at <= coalesce(l.created_at, 'infinity')), 0), 0) AS share
                       FROM share s FULL JOIN line l ON l.invoice_id = s.invoice_id AND l.structure_id = s.structure_id),
            found AS (SELECT invoice_id, structure_id, payout_line_id, share::text AS share, amount::text AS amount FROM pair WHERE share IS DISTINCT FROM amount)
       SELECT (SELECT count(*)::int FROM pair) AS checked, coalesce((SELECT json_agg(found ORDER BY invoice_id, structure_id) FROM found), '[]') AS rows`,
      period,
    );
  }

  /** Every party's balance per account in the ledger (always over all time: a balance is cumulative). */
  async ledgerPartySums(manager: EntityManager): Promise<PartySumRow[]> {
    return manager.query(
      `SELECT account, party_id, sum(amount_cents)::text AS cents FROM ledger_entries WHERE party_id IS NOT NULL GROUP BY account, party_id`,
    );
  }

  /**
   * The same balances as the invoices, payments and payouts imply, in the ledger's signs: a funder owes
   * its invoices less its credit notes and payments; the platform owes a structure (credit) its lines
   * on invoices less their credit notes' lines, less what was transferred. Redeemed, not invoiced
   * vouchers (those released by a credit note for re-billing included) are added by the caller (they
   * belong to the vouchers context).
   */
  async documentedPartySums(manager: EntityManager): Promise<PartySumRow[]> {
    return manager.query(
      `SELECT account, party_id, sum(cents)::text AS cents FROM (
         SELECT 'funder_receivable' AS account, funder_id AS party_id, CASE type_code WHEN 380 THEN total_gross_cents ELSE -total_gross_cents END AS cents FROM invoices
         UNION ALL SELECT 'funder_receivable', i.funder_id, -p.amount_cents FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id
         UNION ALL SELECT 'structure_payable', l.structure_id, CASE i.type_code WHEN 380 THEN -l.net_cents ELSE l.net_cents END
                     FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.structure_id IS NOT NULL
         UNION ALL SELECT 'structure_payable', structure_id, amount_cents FROM payout_lines WHERE status IN ('transferred', 'paid_by_bank')) AS documented
       GROUP BY account, party_id`,
    );
  }

  /** The PaymentIntents of invoices issued in the period (the invoice's own and any that paid it) with what was recorded from each. */
  async recordedIntents(manager: EntityManager, period: ReconciliationPeriod): Promise<RecordedIntentRow[]> {
    return manager.query(
      `WITH inv AS (SELECT id, number, stripe_payment_intent_id FROM invoices WHERE type_code = 380 AND ${within('issue_date')}),
            intent AS (
              SELECT id AS invoice_id, number, stripe_payment_intent_id AS payment_intent_id FROM inv WHERE stripe_payment_intent_id IS NOT NULL
              UNION SELECT inv.id, inv.number, p.stripe_payment_intent_id FROM invoice_payments p JOIN inv ON inv.id = p.invoice_id WHERE p.source = 'stripe')
       SELECT x.invoice_id, x.number, x.payment_intent_id, coalesce(sum(p.amount_cents), 0)::text AS recorded, max(p.stripe_charge_id) AS charge_id
         FROM intent x LEFT JOIN invoice_payments p ON p.invoice_id = x.invoice_id AND p.stripe_payment_intent_id = x.payment_intent_id
        GROUP BY x.invoice_id, x.number, x.payment_intent_id
        ORDER BY x.number, x.payment_intent_id`,
      [period.from, period.to],
    );
  }

  /** Payout lines transferred in the period. */
  async transferredLines(manager: EntityManager, period: ReconciliationPeriod): Promise<TransferredLineRow[]> {
    return manager.query(
      `SELECT id AS payout_line_id, invoice_id, structure_id, amount_cents::text AS amount, stripe_transfer_id, source_charge_id, stripe_account_id
         FROM payout_lines WHERE status = 'transferred' AND ${within(parisDay('transferred_at'))}
        ORDER BY transferred_at, id`,
      [period.from, period.to],
    );
  }
}
