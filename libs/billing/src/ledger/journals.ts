import type { JournalInput } from './ledger.types';

/**
 * The journal of each money event, so that every caller books it the same way.
 * Debits positive, credits negative; the event key makes a replay add nothing.
 */

/** A voucher redeemed: the funder owes its face value (not yet invoiced), the platform owes the structure. */
export function redemptionAccrued(e: { redemptionId: string; funderId: string; structureId: string; amountCents: number; occurredAt: Date }): JournalInput {
  return {
    kind: 'redemption_accrued',
    eventKey: `redemption:${e.redemptionId}`,
    description: 'Pass utilisé',
    occurredAt: e.occurredAt,
    entries: [
      { account: 'funder_unbilled', partyId: e.funderId, amountCents: e.amountCents },
      { account: 'structure_payable', partyId: e.structureId, amountCents: -e.amountCents },
    ],
  };
}

/** A redemption undone (within its undo window, before invoicing): the accrual's exact mirror. */
export function redemptionReversed(e: { redemptionId: string; funderId: string; structureId: string; amountCents: number; occurredAt: Date }): JournalInput {
  return {
    kind: 'redemption_reversed',
    eventKey: `redemption-undo:${e.redemptionId}`,
    description: 'Utilisation du pass annulée',
    occurredAt: e.occurredAt,
    entries: [
      { account: 'funder_unbilled', partyId: e.funderId, amountCents: -e.amountCents },
      { account: 'structure_payable', partyId: e.structureId, amountCents: e.amountCents },
    ],
  };
}

/**
 * An invoice issued: the face values its vouchers accrued at redemption (funder_unbilled) become
 * receivable, with the operator fee and the VAT; structure_payable was credited at redemption.
 */
export function invoiceIssued(e: {
  invoiceId: string;
  number: string;
  funderId: string;
  faceValueCents: number;
  feeNetCents: number;
  vatCents: number;
  occurredAt: Date;
}): JournalInput {
  const entries: JournalInput['entries'] = [
    { account: 'funder_receivable', partyId: e.funderId, amountCents: e.faceValueCents + e.feeNetCents + e.vatCents },
  ];
  if (e.faceValueCents > 0) entries.push({ account: 'funder_unbilled', partyId: e.funderId, amountCents: -e.faceValueCents });
  if (e.feeNetCents > 0) entries.push({ account: 'platform_revenue', amountCents: -e.feeNetCents });
  if (e.vatCents > 0) entries.push({ account: 'vat_collected', amountCents: -e.vatCents });
  return { kind: 'invoice_issued', eventKey: `invoice:${e.invoiceId}`, description: `Facture ${e.number}`, occurredAt: e.occurredAt, entries };
}

/** Money received from a funder, through Stripe or by a bank transfer recorded by an admin. */
export function paymentReceived(e: { paymentKey: string; funderId: string; amountCents: number; via: 'stripe' | 'bank'; occurredAt: Date }): JournalInput {
  return {
    kind: 'payment_received',
    eventKey: `payment:${e.paymentKey}`,
    description: e.via === 'stripe' ? 'Paiement reçu (Stripe)' : 'Virement reçu',
    occurredAt: e.occurredAt,
    entries: [
      { account: e.via === 'stripe' ? 'stripe_cash' : 'bank_cash', amountCents: e.amountCents },
      { account: 'funder_receivable', partyId: e.funderId, amountCents: -e.amountCents },
    ],
  };
}

/** A structure paid its share (one Stripe transfer per payout line, or a bank transfer). */
export function transferSent(e: { payoutLineId: string; structureId: string; amountCents: number; via: 'stripe' | 'bank'; occurredAt: Date }): JournalInput {
  return {
    kind: 'transfer_sent',
    eventKey: `transfer:${e.payoutLineId}`,
    description: 'Versement à la structure',
    occurredAt: e.occurredAt,
    entries: [
      { account: 'structure_payable', partyId: e.structureId, amountCents: e.amountCents },
      { account: e.via === 'stripe' ? 'stripe_cash' : 'bank_cash', amountCents: -e.amountCents },
    ],
  };
}

/**
 * A credit note cancelling an invoice, in whole or in part: the funder no longer owes it (a negative
 * receivable is a refund due when it was paid) and the fee and its VAT are given back. The face value
 * either is no longer owed to the structures (a positive balance is money paid out to claim back), or,
 * when the credited vouchers are released to be billed again, goes back to funder_unbilled: the
 * structures are still owed it, and the next invoice bills it.
 */
export function creditNoteIssued(e: {
  creditNoteId: string;
  number: string;
  correctedNumber: string;
  funderId: string;
  /** Face value per line or structure (summed per structure here). */
  structureShares: { structureId: string; amountCents: number }[];
  feeNetCents: number;
  vatCents: number;
  rebilled: boolean;
  occurredAt: Date;
}): JournalInput {
  const shares = new Map<string, number>();
  for (const share of e.structureShares) shares.set(share.structureId, (shares.get(share.structureId) ?? 0) + share.amountCents);
  const faceValueCents = e.structureShares.reduce((sum, share) => sum + share.amountCents, 0);
  const entries: JournalInput['entries'] = [
    { account: 'funder_receivable', partyId: e.funderId, amountCents: -(faceValueCents + e.feeNetCents + e.vatCents) },
  ];
  if (e.rebilled) {
    if (faceValueCents > 0) entries.push({ account: 'funder_unbilled', partyId: e.funderId, amountCents: faceValueCents });
  } else {
    entries.push(...[...shares].filter(([, cents]) => cents > 0).map(([partyId, amountCents]) => ({ account: 'structure_payable' as const, partyId, amountCents })));
  }
  if (e.feeNetCents > 0) entries.push({ account: 'platform_revenue', amountCents: e.feeNetCents });
  if (e.vatCents > 0) entries.push({ account: 'vat_collected', amountCents: e.vatCents });
  return {
    kind: 'credit_note_issued',
    eventKey: `credit-note:${e.creditNoteId}`,
    description: `Avoir ${e.number} sur la facture ${e.correctedNumber}`,
    occurredAt: e.occurredAt,
    entries,
  };
}
