/** Inclusive dates (YYYY-MM-DD, Europe/Paris); null = no bound. */
export interface ReconciliationPeriod {
  from: string | null;
  to: string | null;
}

/** The checks, in the order they run; a report counts what each one looked at. */
export const RECONCILIATION_CHECKS = [
  'journals_balanced',
  'event_journals',
  'orphan_journals',
  'invoice_amount_paid',
  'payout_lines',
  'party_balances',
  'stripe_payment_intents',
  'stripe_transfers',
] as const;
export type ReconciliationCheck = (typeof RECONCILIATION_CHECKS)[number];

/**
 * The stable codes of what can differ. `<kind>_journal_missing` / `_mismatch` name the journal kind of
 * the money event (invoice_issued, credit_note_issued, payment_received, transfer_sent).
 */
export type DifferenceKind =
  | 'journal_unbalanced'
  | `${'invoice_issued' | 'credit_note_issued' | 'payment_received' | 'transfer_sent'}_journal_${'missing' | 'mismatch'}`
  | 'journal_orphan'
  | 'invoice_amount_paid'
  | 'payout_line_missing'
  | 'payout_line_unexpected'
  | 'payout_line_amount'
  | 'funder_receivable_balance'
  | 'funder_unbilled_balance'
  | 'structure_payable_balance'
  | 'stripe_payment_intent_missing'
  | 'stripe_payment_intent_transfer_group'
  | 'stripe_payment_received'
  | 'stripe_payment_charge'
  | 'stripe_transfer_missing'
  | 'stripe_transfer_amount'
  | 'stripe_transfer_destination'
  | 'stripe_transfer_source'
  | 'stripe_transfer_group';

export type DifferenceValue = number | string | null;

export interface ReconciliationDifference {
  kind: DifferenceKind;
  /** The ids of what differs (invoice, payment, payout line, journal, party, Stripe object, account). */
  subject: Record<string, string | null>;
  expected: DifferenceValue;
  actual: DifferenceValue;
  detail: string;
}

export interface ReconciliationReport {
  checkedAt: string;
  period: ReconciliationPeriod;
  /** False without STRIPE_SECRET_KEY: the Stripe checks were not run. */
  stripeChecked: boolean;
  /** Per check, how many objects it compared and how many differences it found. */
  counts: Record<ReconciliationCheck, { checked: number; differences: number }>;
  differences: ReconciliationDifference[];
}
