import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { isUuid } from '@passerelle/common';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { OutboxWriter } from '@passerelle/outbox';
import { RedemptionsForInvoicing } from '@passerelle/vouchers';
import type { EntityManager } from 'typeorm';
import { BILLING_QUEUE, PAYMENT_INTENT_SYNC_JOB } from '../billing-queue';
import { creditNoteLineInvalid, creditNoteNotCreditable, creditNoteRebillAfterPayout, creditReasonInvalid, invoiceAlreadyCredited, invoiceNotFound, invoicingForbidden } from '../billing.errors';
import { InvoiceDocumentRepository, type StoredInvoiceDocument } from '../documents/invoice-document.repository';
import { issueAndDueDates } from '../invoicing/invoicing-period';
import { InvoiceIssuer } from '../invoices/invoice-issuer.service';
import type { InvoiceStatus } from '../invoices/invoice.types';
import { creditNoteIssued } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { PayoutPlanner } from '../payouts/payout-planner.service';
import { creditNoteLines, type CreditNoteLines, type LineToCredit } from './credit-note-lines';
import { CreditNoteRepository, type LockedInvoice } from './credit-note.repository';

export interface CreditNoteRequest {
  reason: string;
  /** Absent: everything not credited yet (the whole invoice when it is the first credit note). */
  lines?: LineToCredit[];
  /** The credited vouchers go back to 'redeemed', to be billed by the next invoicing run. */
  rebill?: boolean;
}

export interface IssuedCreditNote {
  creditNoteId: string;
  number: string;
  correctsInvoiceId: string;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  /** What the funder had paid beyond what it now owes on the invoice, because of this credit note: owed back to it. */
  refundDueCents: number;
  /** The corrected invoice's status afterwards ('credited' once nothing is left to credit). */
  invoiceStatus: InvoiceStatus;
  rebilled: boolean;
  /** The vouchers credited, per line of the invoice. */
  vouchers: { position: number; voucherIds: string[] }[];
}

/**
 * Credit notes (avoirs, type 381): the only way to correct an issued invoice. A credit note credits
 * some vouchers of some lines, with the operator fee in proportion, or everything still left; several
 * may follow one another, never beyond the invoice (checked here under the invoice's row lock, and by
 * PostgreSQL). Each is numbered in the same gapless series, in one transaction with its vouchers, the
 * ledger journal and the audit entry. What the funder already paid beyond what it still owes becomes a
 * refund due to it. With `rebill`, the credited vouchers are released and go on the next invoice.
 */
@Injectable()
export class CreditNoteService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly creditNotes: CreditNoteRepository,
    private readonly documents: InvoiceDocumentRepository,
    private readonly redemptions: RedemptionsForInvoicing,
    private readonly issuer: InvoiceIssuer,
    private readonly ledger: Ledger,
    private readonly payouts: PayoutPlanner,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
  ) {}

  async credit(actor: Actor, invoiceId: string, request: CreditNoteRequest, now = new Date()): Promise<IssuedCreditNote> {
    if (!hasRole(actor, 'admin')) throw invoicingForbidden();
    if (!isUuid(invoiceId)) throw invoiceNotFound();
    const why = request.reason.trim();
    if (why.length === 0 || why.length > 500) throw creditReasonInvalid();
    const seen = new Set<number>();
    for (const line of request.lines ?? []) {
      if (seen.has(line.position)) throw creditNoteLineInvalid(line.position, 'la ligne est demandée deux fois');
      seen.add(line.position);
    }
    const rebill = request.rebill === true;
    return this.transactions.run(async (tx) => {
      const locked = await this.creditNotes.lockInvoice(tx, invoiceId);
      if (!locked) throw invoiceNotFound();
      if (locked.typeCode === 381) throw creditNoteNotCreditable();
      if (locked.status === 'credited') throw invoiceAlreadyCredited();
      if (rebill && (await this.creditNotes.hasPayoutLines(tx, invoiceId))) throw creditNoteRebillAfterPayout();
      const invoice = (await this.documents.find(invoiceId, null, tx))!;
      const credited = await this.creditNotes.creditedVoucherIds(tx, invoiceId);
      const computed = creditNoteLines(
        {
          lines: invoice.lines,
          breakdown: invoice.breakdown,
          credited: await this.creditNotes.creditedLines(tx, invoiceId),
          vouchers: (await this.redemptions.lockInvoicedOn(tx, invoiceId)).filter((v) => !credited.has(v.voucherId)),
        },
        request.lines ?? null,
      );
      const issued = await this.issue(tx, invoice, locked, computed, why, rebill, now);
      await this.creditNotes.recordVouchers(tx, invoiceId, issued.creditNoteId, computed.vouchers);
      if (rebill) await this.redemptions.releaseForRebilling(tx, invoiceId, computed.vouchers.flatMap((v) => v.voucherIds));
      const faceValue = computed.lines.filter((l) => l.structureId !== undefined);
      const faceValueCents = faceValue.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
      await this.ledger.post(
        tx,
        creditNoteIssued({
          creditNoteId: issued.creditNoteId,
          number: issued.number,
          correctedNumber: invoice.number,
          funderId: locked.funderId,
          structureShares: faceValue.map((l) => ({ structureId: l.structureId!, amountCents: l.quantity * l.unitPriceCents })),
          feeNetCents: issued.totalNetCents - faceValueCents,
          vatCents: issued.totalVatCents,
          rebilled: rebill,
          occurredAt: now,
        }),
      );
      // A partly paid invoice whose credit note leaves nothing more to pay is now paid: its structures are owed their shares.
      if (locked.status === 'partially_paid' && issued.invoiceStatus === 'paid') await this.payouts.planForPaidInvoice(tx, invoiceId);
      await this.audit.record(
        actor,
        {
          action: 'invoice.credited',
          objectType: 'invoice',
          objectId: invoiceId,
          details: {
            creditNoteId: issued.creditNoteId,
            number: issued.number,
            reason: why,
            ...(request.lines ? { lines: computed.vouchers.map((v) => ({ position: v.position, quantity: v.voucherIds.length })) } : {}),
            ...(rebill ? { rebill } : {}),
          },
        },
        tx,
      );
      // The invoice's open PaymentIntent still asks the old amount: the worker lowers or cancels it after commit.
      if (locked.stripePaymentIntentId !== null) {
        await this.outbox.add(tx, { queue: BILLING_QUEUE, name: PAYMENT_INTENT_SYNC_JOB, payload: { invoiceId } });
      }
      return issued;
    });
  }

  private async issue(
    tx: EntityManager,
    invoice: StoredInvoiceDocument,
    locked: LockedInvoice,
    computed: CreditNoteLines,
    reason: string,
    rebill: boolean,
    now: Date,
  ): Promise<IssuedCreditNote> {
    const { issueDate, dueDate } = issueAndDueDates(now, 0);
    const issued = await this.issuer.issue(tx, {
      typeCode: 381,
      correctsInvoiceId: invoice.id,
      creditReason: reason,
      creditRebills: rebill,
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
      lines: computed.lines,
    });
    const invoiceStatus = await this.creditNotes.statusOf(tx, invoice.id);
    // The fee is split so that credit notes add up to the invoice exactly: crediting all that is left and not closing it is a bug.
    if (computed.closesInvoice !== (invoiceStatus === 'credited')) throw new Error(`credit note of ${invoice.number} does not add up to its total`);
    const overpaid = (owed: number) => Math.max(0, locked.amountPaidCents - owed);
    return {
      creditNoteId: issued.id,
      number: issued.number,
      correctsInvoiceId: invoice.id,
      totalNetCents: issued.totalNetCents,
      totalVatCents: issued.totalVatCents,
      totalGrossCents: issued.totalGrossCents,
      refundDueCents: overpaid(locked.owedCents - issued.totalGrossCents) - overpaid(locked.owedCents),
      invoiceStatus,
      rebilled: rebill,
      vouchers: computed.vouchers,
    };
  }
}
