import { Injectable } from '@nestjs/common';
import { StructureAccess } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import { RedemptionsForInvoicing } from '@passerelle/vouchers';
import { TransactionRunner } from '@passerelle/database';
import { Ledger } from '../ledger/ledger.service';
import { PayoutLineRepository, type PayoutLine, type PayoutPendingReason } from '../payouts/payout-line.repository';
import { StatementRepository, type EarnedLine } from './statement.repository';

/** Why money earned is not paid out yet, from the earliest step to the last. */
export type StatementPendingReason = 'not_invoiced' | 'invoice_not_paid' | PayoutPendingReason;
export const STATEMENT_PENDING_REASONS: StatementPendingReason[] = [
  'not_invoiced',
  'invoice_not_paid',
  'payout_account_not_ready',
  'bank_transfer',
  'awaiting_transfer',
];

export interface StatementInvoice extends Pick<EarnedLine, 'invoiceId' | 'number' | 'issueDate' | 'periodStart' | 'periodEnd' | 'invoiceStatus'> {
  lines: { procedureCode: string | null; quantity: number; unitPriceCents: number; netCents: number }[];
  earnedCents: number;
  paidOutCents: number;
  pendingCents: number;
  pendingReason: StatementPendingReason | null;
  transfer: { payoutLineId: string; stripeTransferId: string; transferredAt: string } | null;
  /** Paid by the operator's bank transfer instead (recorded by an admin). */
  bankTransfer: { payoutLineId: string; reference: string; paidOn: string } | null;
}

export interface StructureStatement {
  structureId: string;
  invoices: StatementInvoice[];
  /** Vouchers redeemed and not invoiced yet. */
  notInvoiced: { vouchers: number; amountCents: number };
  totals: { earnedCents: number; paidOutCents: number; pendingCents: number; pendingByReason: Record<StatementPendingReason, number> };
  /** Earned − paid out in the ledger (structure_payable); equals totals.pendingCents. */
  ledgerBalanceCents: number;
}

/** A structure's statement: per invoice what it earned, what was transferred and what is pending, and why. */
@Injectable()
export class StatementService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly structures: StructureAccess,
    private readonly statements: StatementRepository,
    private readonly payoutLines: PayoutLineRepository,
    private readonly redemptions: RedemptionsForInvoicing,
    private readonly ledger: Ledger,
  ) {}

  async statement(actor: Actor, structureId: string): Promise<StructureStatement> {
    await this.structures.assertCanRead(actor, structureId);
    // One snapshot for every read, so the ledger balance and the totals describe the same instant.
    const { earned, lines, uninvoiced, ledgerBalanceCents } = await this.transactions.run(
      async (manager) => ({
        earned: await this.statements.earnedLines(manager, structureId),
        lines: await this.payoutLines.listOfStructure(manager, structureId),
        uninvoiced: await this.redemptions.uninvoicedOfStructure(manager, structureId),
        ledgerBalanceCents: await this.ledger.structureBalance(structureId, manager),
      }),
      'REPEATABLE READ',
    );
    const invoices = invoicesOf(earned, new Map(lines.map((line) => [line.invoiceId, line])));
    const pendingByReason = Object.fromEntries(STATEMENT_PENDING_REASONS.map((reason) => [reason, 0])) as Record<StatementPendingReason, number>;
    pendingByReason.not_invoiced = uninvoiced.amountCents;
    for (const invoice of invoices) if (invoice.pendingReason) pendingByReason[invoice.pendingReason] += invoice.pendingCents;
    const sum = (pick: (invoice: StatementInvoice) => number) => invoices.reduce((total, invoice) => total + pick(invoice), 0);
    return {
      structureId,
      invoices,
      notInvoiced: { vouchers: uninvoiced.count, amountCents: uninvoiced.amountCents },
      totals: {
        earnedCents: sum((i) => i.earnedCents) + uninvoiced.amountCents,
        paidOutCents: sum((i) => i.paidOutCents),
        pendingCents: sum((i) => i.pendingCents) + uninvoiced.amountCents,
        pendingByReason,
      },
      ledgerBalanceCents,
    };
  }
}

function invoicesOf(earned: EarnedLine[], payoutLines: Map<string, PayoutLine>): StatementInvoice[] {
  const invoices = new Map<string, StatementInvoice>();
  for (const line of earned) {
    let invoice = invoices.get(line.invoiceId);
    if (!invoice) {
      const { invoiceId, number, issueDate, periodStart, periodEnd, invoiceStatus } = line;
      invoice = { invoiceId, number, issueDate, periodStart, periodEnd, invoiceStatus, lines: [], earnedCents: 0, paidOutCents: 0, pendingCents: 0, pendingReason: null, transfer: null, bankTransfer: null };
      invoices.set(line.invoiceId, invoice);
    }
    invoice.lines.push({ procedureCode: line.procedureCode, quantity: line.quantity, unitPriceCents: line.unitPriceCents, netCents: line.netCents });
    invoice.earnedCents += line.netCents;
  }
  for (const invoice of invoices.values()) {
    const payout = payoutLines.get(invoice.invoiceId);
    if (payout?.status === 'transferred') {
      invoice.paidOutCents = payout.amountCents;
      invoice.transfer = { payoutLineId: payout.id, stripeTransferId: payout.stripeTransferId!, transferredAt: payout.transferredAt!.toISOString() };
    } else if (payout?.status === 'paid_by_bank') {
      invoice.paidOutCents = payout.amountCents;
      invoice.bankTransfer = { payoutLineId: payout.id, reference: payout.bankReference!, paidOn: payout.paidOn! };
    }
    invoice.pendingCents = invoice.earnedCents - invoice.paidOutCents;
    if (invoice.pendingCents > 0) invoice.pendingReason = payout ? payout.pendingReason : 'invoice_not_paid';
  }
  return [...invoices.values()];
}
