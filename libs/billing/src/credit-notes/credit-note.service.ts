import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/common';
import { creditNoteNotCreditable, creditReasonInvalid, invoiceAlreadyCredited, invoiceNotFound, invoicingForbidden } from '../billing.errors';
import { InvoiceDocumentRepository, type StoredInvoiceDocument } from '../documents/invoice-document.repository';
import { issueAndDueDates } from '../invoicing/invoicing-period';
import { InvoiceIssuer } from '../invoices/invoice-issuer.service';
import type { InvoiceLineInput } from '../invoices/invoice-totals';
import { creditNoteIssued } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { CreditNoteRepository, type LockedInvoice } from './credit-note.repository';

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
    private readonly documents: InvoiceDocumentRepository,
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
      const locked = await this.creditNotes.lockInvoice(tx, invoiceId);
      if (!locked) throw invoiceNotFound();
      if (locked.typeCode === 381) throw creditNoteNotCreditable();
      if (locked.status === 'credited') throw invoiceAlreadyCredited();
      const invoice = (await this.documents.find(invoiceId, null, tx))!;
      const issued = await this.issue(tx, invoice, locked, why, now);
      await this.creditNotes.markCredited(tx, invoiceId);
      const faceValue = invoice.lines.filter((l) => l.structureId !== null);
      await this.ledger.post(
        tx,
        creditNoteIssued({
          creditNoteId: issued.creditNoteId,
          number: issued.number,
          correctedNumber: invoice.number,
          funderId: locked.funderId,
          structureShares: faceValue.map((l) => ({ structureId: l.structureId!, amountCents: l.netCents })),
          feeNetCents: invoice.totalNetCents - faceValue.reduce((sum, l) => sum + l.netCents, 0),
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

  private async issue(tx: EntityManager, invoice: StoredInvoiceDocument, locked: LockedInvoice, reason: string, now: Date): Promise<IssuedCreditNote> {
    const { issueDate, dueDate } = issueAndDueDates(now, 0);
    const issued = await this.issuer.issue(tx, {
      typeCode: 381,
      correctsInvoiceId: invoice.id,
      creditReason: reason,
      funderId: locked.funderId,
      ...(locked.programId ? { programId: locked.programId } : {}),
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
      lines: linesAsIssued(invoice),
    });
    // The same lines give the same totals: a credit note that did not cancel the invoice exactly is a bug.
    if (issued.totalGrossCents !== invoice.totalGrossCents) throw new Error(`credit note of ${invoice.number} does not match its total`);
    return {
      creditNoteId: issued.id,
      number: issued.number,
      correctsInvoiceId: invoice.id,
      totalNetCents: issued.totalNetCents,
      totalVatCents: issued.totalVatCents,
      totalGrossCents: issued.totalGrossCents,
      refundDueCents: locked.amountPaidCents,
    };
  }
}

/** The invoice's lines with the VAT treatment they were issued with (an exemption's wording from its breakdown row). */
function linesAsIssued(invoice: StoredInvoiceDocument): InvoiceLineInput[] {
  return invoice.lines.map((l) => {
    const exemption = invoice.breakdown.find((b) => b.category === l.category && b.rateBp === l.rateBp);
    return {
      description: l.description,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      vat:
        l.category === 'S'
          ? { category: 'S', rateBp: l.rateBp }
          : { category: l.category, exemptionReason: exemption!.exemptionReason!, ...(exemption!.exemptionCode ? { exemptionCode: exemption!.exemptionCode } : {}) },
      ...(l.structureId ? { structureId: l.structureId } : {}),
      ...(l.procedureCode ? { procedureCode: l.procedureCode } : {}),
    };
  });
}
