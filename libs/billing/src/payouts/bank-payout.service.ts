import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { invoicingForbidden, payoutDateInvalid, payoutLineAlreadyPaid, payoutLineNotFound, payoutLineTransferInProgress } from '../billing.errors';
import { parisDate, parisStartOf } from '../invoicing/invoicing-period';
import { transferSent } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { PayoutLineRepository, type PayoutLine, type PayoutLineListing, type PayoutLineStatus } from './payout-line.repository';

export interface BankPayoutInput {
  /** The operator's transfer reference, as on the platform's bank statement. */
  reference: string;
  /** 'YYYY-MM-DD', the day the transfer was sent (Europe/Paris). */
  paidOn: string;
}

export interface PayoutLineView {
  payoutLineId: string;
  invoiceId: string;
  structureId: string;
  amountCents: number;
  status: PayoutLineStatus;
  pendingReason: PayoutLine['pendingReason'];
  stripeTransferId: string | null;
  transferredAt: string | null;
  bankReference: string | null;
  paidOn: string | null;
}

export interface BankPayoutView extends PayoutLineView {
  /** True when this reference and day were already recorded for the line: nothing changed. */
  duplicate: boolean;
}

export interface PayoutLineListItem extends PayoutLineView {
  invoiceNumber: string;
  structureName: string;
  createdAt: string;
}

export interface PayoutLinePage {
  items: PayoutLineListItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export const PAYOUT_LINES_DEFAULT_PAGE_SIZE = 50;
export const PAYOUT_LINES_MAX_PAGE_SIZE = 200;

function viewOf(line: PayoutLine): PayoutLineView {
  return {
    payoutLineId: line.id,
    invoiceId: line.invoiceId,
    structureId: line.structureId,
    amountCents: line.amountCents,
    status: line.status,
    pendingReason: line.pendingReason,
    stripeTransferId: line.stripeTransferId,
    transferredAt: line.transferredAt?.toISOString() ?? null,
    bankReference: line.bankReference,
    paidOn: line.paidOn,
  };
}

/**
 * Structures paid by the operator's own bank transfer (no Stripe, or an invoice paid to the
 * platform's bank account): an admin finds the pending lines and records each transfer once. The
 * line is locked, so concurrent calls queue up: the first pays it, the others see it paid (same
 * reference and day: nothing changes; otherwise 409). The line then never changes, and posts the
 * same `transfer_sent` journal as a Stripe transfer (event key `transfer:<line id>`, so a line is
 * paid out once in the ledger whatever the channel), from bank_cash.
 */
@Injectable()
export class BankPayoutService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly lines: PayoutLineRepository,
    private readonly ledger: Ledger,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: { status?: PayoutLineStatus; page?: number; pageSize?: number } = {}): Promise<PayoutLinePage> {
    if (!hasRole(actor, 'admin')) throw invoicingForbidden();
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? PAYOUT_LINES_DEFAULT_PAGE_SIZE, PAYOUT_LINES_MAX_PAGE_SIZE);
    const rows: PayoutLineListing[] = await this.transactions.run((manager) =>
      this.lines.page(manager, query.status ?? 'pending', (page - 1) * pageSize, pageSize + 1),
    );
    return {
      items: rows.slice(0, pageSize).map((row) => ({
        ...viewOf(row),
        invoiceNumber: row.invoiceNumber,
        structureName: row.structureName,
        createdAt: row.createdAt.toISOString(),
      })),
      page,
      pageSize,
      hasMore: rows.length > pageSize,
    };
  }

  markPaid(actor: Actor, payoutLineId: string, input: BankPayoutInput, now = new Date()): Promise<BankPayoutView> {
    if (!hasRole(actor, 'admin')) throw invoicingForbidden();
    if (!isUuid(payoutLineId)) throw payoutLineNotFound();
    const paidAt = parisStartOf(input.paidOn);
    if (paidAt === null || input.paidOn > parisDate(now)) throw payoutDateInvalid();
    const reference = input.reference.trim();
    return this.transactions.run(async (manager) => {
      const line = await this.lines.lock(manager, payoutLineId);
      if (!line) throw payoutLineNotFound();
      if (line.status === 'paid_by_bank') {
        if (line.bankReference === reference && line.paidOn === input.paidOn) return { ...viewOf(line), duplicate: true };
        throw payoutLineAlreadyPaid({ paidBy: 'bank_transfer', reference: line.bankReference, paidOn: line.paidOn });
      }
      if (line.status === 'transferred') throw payoutLineAlreadyPaid({ paidBy: 'stripe', reference: line.stripeTransferId, paidOn: null });
      // A Stripe transfer may be under way (or done at Stripe, its answer lost): paying by bank too could pay twice.
      if (line.pendingReason === 'awaiting_transfer') throw payoutLineTransferInProgress();
      await this.lines.markPaidByBank(manager, line.id, { reference, paidOn: input.paidOn, paidBy: actor.userId });
      await this.ledger.post(
        manager,
        transferSent({ payoutLineId: line.id, structureId: line.structureId, amountCents: line.amountCents, via: 'bank', occurredAt: paidAt }),
      );
      await this.audit.record(
        actor,
        {
          action: 'payout_line.paid_by_bank',
          objectType: 'payout_line',
          objectId: line.id,
          details: { invoiceId: line.invoiceId, structureId: line.structureId, amountCents: line.amountCents, reference, paidOn: input.paidOn },
        },
        manager,
      );
      return {
        ...viewOf({ ...line, status: 'paid_by_bank', pendingReason: null, bankReference: reference, paidOn: input.paidOn }),
        duplicate: false,
      };
    });
  }
}
