import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { creditNoteNotCreditable, creditReasonInvalid, invoiceAlreadyCredited, invoiceNotFound, invoicingForbidden } from '../billing.errors';
import { issueAndDueDates } from '../invoicing/invoicing-period';
import { isUuid } from '../invoices/invoice-access';
import { InvoiceIssuer } from '../invoices/invoice-issuer.service';
import type { InvoiceLineInput } from '../invoices/invoice-totals';
import { creditNoteIssued } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { CreditNoteRepository, type InvoiceToCredit } from './credit-note.repository';

export interface IssuedCreditNote {
  creditNoteId: string;
  number: string;
  correctsInvoiceId: string;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  /** What the funder had already paid on the invoice: now owed back to it. */
  refundDueCents: number;
}

/**
 * Credit notes (avoirs, type 381): the only way to correct an issued invoice. A credit note cancels
 * the whole invoice (its lines as issued), numbered in the same gapless series, in one transaction
 * with the invoice moving to `credited`, the ledger journal and the audit entry. A paid invoice can
 * be credited: what was paid becomes a refund due to the funder.
 */
@Injectable()
export class CreditNoteService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly creditNotes: CreditNoteRepository,
    private readonly issuer: InvoiceIssuer,
    private readonly ledger: Ledger,
    private readonly audit: AuditService,
  ) {}

  async credit(actor: Actor, invoiceId: string, reason: string, now = new Date()): Promise<IssuedCreditNote> {
    if (!hasRole(actor, 'admin')) throw invoicingForbidden();
    if (!isUuid(invoiceId)) throw invoiceNotFound();
    const why = reason.trim();
    if (why.length === 0 || why.length > 500) throw creditReasonInvalid();
    return this.transactions.run(async (tx) => {
      const invoice = await this.creditNotes.lockInvoice(tx, invoiceId);
      if (!invoice) throw invoiceNotFound();
      if (invoice.typeCode === 381) throw creditNoteNotCreditable();
      if (invoice.status === 'credited') throw invoiceAlreadyCredited();
      const lines = await this.creditNotes.linesOf(tx, invoiceId);
      const issued = await this.issue(tx, invoiceId, invoice, lines, why, now);
      await this.creditNotes.markCredited(tx, invoiceId);
      await this.ledger.post(
        tx,
        creditNoteIssued({
          creditNoteId: issued.creditNoteId,
          number: issued.number,
          correctedNumber: invoice.number,
          funderId: invoice.funderId,
          structureShares: sharesOf(lines),
          feeNetCents: lines.filter((l) => !l.structureId).reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0),
          vatCents: issued.totalVatCents,
          occurredAt: now,
        }),
      );
      await this.audit.record(
        actor,
        { action: 'invoice.credited', objectType: 'invoice', objectId: invoiceId, details: { creditNoteId: issued.creditNoteId, number: issued.number, reason: why } },
        tx,
      );
      return issued;
    });
  }

  private async issue(tx: EntityManager, invoiceId: string, invoice: InvoiceToCredit, lines: InvoiceLineInput[], reason: string, now: Date): Promise<IssuedCreditNote> {
    const { issueDate, dueDate } = issueAndDueDates(now, 0);
    const issued = await this.issuer.issue(tx, {
      typeCode: 381,
      correctsInvoiceId: invoiceId,
      creditReason: reason,
      funderId: invoice.funderId,
      ...(invoice.programId ? { programId: invoice.programId } : {}),
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      issueDate,
      dueDate,
      seller: invoice.seller,
      buyer: invoice.buyer,
      buyerIsPublic: invoice.buyerIsPublic,
      ...(invoice.buyerServiceCode ? { buyerServiceCode: invoice.buyerServiceCode } : {}),
      ...(invoice.buyerCommitmentNumber ? { buyerCommitmentNumber: invoice.buyerCommitmentNumber } : {}),
      paymentTerms: `Avoir sur la facture ${invoice.number} : déduit de ce qui reste dû ; ce qui a déjà été réglé est remboursé par virement.`,
      latePenaltyTerms: invoice.latePenaltyTerms,
      lines,
    });
    // The same lines give the same totals: a credit note that did not cancel the invoice exactly is a bug.
    if (issued.totalGrossCents !== invoice.totalGrossCents) throw new Error(`credit note of ${invoice.number} does not match its total`);
    return {
      creditNoteId: issued.id,
      number: issued.number,
      correctsInvoiceId: invoiceId,
      totalNetCents: issued.totalNetCents,
      totalVatCents: issued.totalVatCents,
      totalGrossCents: issued.totalGrossCents,
      refundDueCents: invoice.amountPaidCents,
    };
  }
}

/** The face value each structure's lines carry. */
function sharesOf(lines: InvoiceLineInput[]): { structureId: string; amountCents: number }[] {
  const shares = new Map<string, number>();
  for (const line of lines) {
    if (line.structureId) shares.set(line.structureId, (shares.get(line.structureId) ?? 0) + line.quantity * line.unitPriceCents);
  }
  return [...shares].map(([structureId, amountCents]) => ({ structureId, amountCents }));
}
