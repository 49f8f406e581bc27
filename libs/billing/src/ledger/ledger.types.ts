export const LEDGER_ACCOUNTS = [
  'funder_unbilled',
  'funder_receivable',
  'structure_payable',
  'platform_revenue',
  'vat_collected',
  'stripe_cash',
  'bank_cash',
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** Accounts kept per party (the funder's or the structure's organisation id). */
export const PARTY_ACCOUNTS: readonly LedgerAccount[] = ['funder_unbilled', 'funder_receivable', 'structure_payable'];

export type JournalKind =
  | 'redemption_accrued'
  | 'redemption_reversed'
  | 'invoice_issued'
  | 'payment_received'
  | 'transfer_sent'
  | 'credit_note_issued'
  | 'adjustment';

/** Debits are positive, credits negative (cents). */
export interface LedgerEntryInput {
  account: LedgerAccount;
  partyId?: string;
  amountCents: number;
}

export interface JournalInput {
  kind: JournalKind;
  /** Names the money event (e.g. `invoice:<id>`): posting the same event twice adds nothing. */
  eventKey: string;
  description: string;
  occurredAt: Date;
  entries: LedgerEntryInput[];
}

/** Refuses, before the database does, a journal that cannot be right: a bug in the caller. */
export function assertBalanced(journal: JournalInput): void {
  const { entries } = journal;
  if (entries.length < 2) throw new Error(`journal ${journal.eventKey} needs at least two entries`);
  let sum = 0;
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents === 0) {
      throw new Error(`journal ${journal.eventKey}: amounts are non-zero integer cents (got ${entry.amountCents})`);
    }
    if (PARTY_ACCOUNTS.includes(entry.account) !== (entry.partyId !== undefined)) {
      throw new Error(`journal ${journal.eventKey}: ${entry.account} ${entry.partyId ? 'takes no' : 'needs a'} party`);
    }
    sum += entry.amountCents;
  }
  if (sum !== 0) throw new Error(`journal ${journal.eventKey} is unbalanced by ${sum} cents`);
}
