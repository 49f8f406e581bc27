import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { StructureDirectory } from '@passerelle/catalog';
import { DomainError } from '@passerelle/common';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { RedemptionsForInvoicing, type ProgramToInvoice } from '@passerelle/vouchers';
import type { EntityManager } from 'typeorm';
import { invoicingForbidden } from '../billing.errors';
import { InvoiceIssuer } from '../invoices/invoice-issuer.service';
import type { VatTreatment } from '../invoices/invoice-totals';
import { invoiceIssued } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { invoiceLines } from './invoicing-lines';
import { invoicingPeriod, issueAndDueDates, type InvoicingPeriod } from './invoicing-period';
import { latePenaltyTerms } from './late-payment-terms';

export interface InvoicingRunSummary {
  period: string;
  created: { invoiceId: string; number: string; funderId: string; programId: string; totalGrossCents: number }[];
  /** Programs with nothing left to invoice for the period (already invoiced, or raced by another run). */
  skipped: { funderId: string; programId: string; reason: 'already_invoiced' | 'nothing_to_invoice' }[];
  /** Programs whose invoice failed: rolled back whole, retried by the next run. */
  failed: { funderId: string; programId: string; error: string }[];
}

/**
 * The monthly invoicing run: per funder and program, the vouchers redeemed before the end of the
 * period and not yet invoiced become one invoice, issued with its vouchers marked invoiced and its
 * ledger journal posted in one transaction. Vouchers redeemed late in a period already invoiced go
 * to the next period's invoice (the unique funder/program/period invoice is never reopened), and so
 * do the vouchers a credit note released for re-billing.
 * Programs are invoiced `invoicing.concurrency` at a time, each in its own transaction; numbers stay
 * gapless because each transaction takes its number from the locked counter row, after its vouchers.
 */
@Injectable()
export class InvoicingRunService {
  private readonly logger = new Logger(InvoicingRunService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly redemptions: RedemptionsForInvoicing,
    private readonly issuer: InvoiceIssuer,
    private readonly ledger: Ledger,
    private readonly structures: StructureDirectory,
    private readonly config: AppConfig,
  ) {}

  async run(actor: Actor | 'system', periodLabel: string, now = new Date()): Promise<InvoicingRunSummary> {
    if (actor !== 'system' && !hasRole(actor, 'admin')) throw invoicingForbidden();
    const period = invoicingPeriod(periodLabel);
    const programs = await this.transactions.run((tx) => this.redemptions.programsWithRedemptionsBefore(tx, period.endsAt));
    const outcomes = await inParallel(programs, this.config.invoicing.concurrency, (program) => this.invoiceOne(program, period, now));
    const summary: InvoicingRunSummary = { period: period.label, created: [], skipped: [], failed: [] };
    for (const outcome of outcomes) {
      if ('invoiceId' in outcome) summary.created.push(outcome);
      else if ('reason' in outcome) summary.skipped.push(outcome);
      else summary.failed.push(outcome);
    }
    return summary;
  }

  private async invoiceOne(
    program: ProgramToInvoice,
    period: InvoicingPeriod,
    now: Date,
  ): Promise<InvoicingRunSummary['created'][number] | InvoicingRunSummary['skipped'][number] | InvoicingRunSummary['failed'][number]> {
    const ids = { funderId: program.funderId, programId: program.programId };
    try {
      const outcome = await this.transactions.run((tx) => this.invoiceProgram(tx, program, period, now));
      return outcome.kind === 'created' ? { ...ids, ...outcome.invoice } : { ...ids, reason: outcome.kind };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVOICE_ALREADY_EXISTS') return { ...ids, reason: 'already_invoiced' };
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`invoicing ${period.label} of program ${program.programId} failed: ${message}`);
      return { ...ids, error: message };
    }
  }

  private async invoiceProgram(
    tx: EntityManager,
    program: ProgramToInvoice,
    period: InvoicingPeriod,
    now: Date,
  ): Promise<
    | { kind: 'created'; invoice: { invoiceId: string; number: string; totalGrossCents: number } }
    | { kind: 'nothing_to_invoice' }
  > {
    const invoiceId = randomUUID();
    const groups = await this.redemptions.moveToInvoice(tx, program.programId, period.endsAt, invoiceId);
    if (groups.length === 0) return { kind: 'nothing_to_invoice' };
    const names = await this.structures.structureNames(groups.map((group) => group.structureId), tx);
    const { lines, faceValueCents, feeNetCents } = invoiceLines(
      groups,
      program.operatorRateBp,
      this.feeVat(),
      (structureId, procedureCode) => `Pass utilisés — démarche ${procedureCode}, ${names.get(structureId) ?? `structure ${structureId}`}`,
    );
    const { issueDate, dueDate } = issueAndDueDates(now, this.config.invoicing.paymentDays);
    const { seller, paymentDays } = this.config.invoicing;
    const issued = await this.issuer.issue(tx, {
      id: invoiceId,
      typeCode: 380,
      funderId: program.funderId,
      programId: program.programId,
      periodStart: period.start,
      periodEnd: period.end,
      issueDate,
      dueDate,
      seller,
      buyer: { name: program.funderLegalName, address: program.funderBillingAddress, siret: program.funderSiret },
      buyerIsPublic: program.funderIsPublic,
      ...(program.chorusServiceCode ? { buyerServiceCode: program.chorusServiceCode } : {}),
      ...(program.chorusCommitmentNumber ? { buyerCommitmentNumber: program.chorusCommitmentNumber } : {}),
      paymentTerms: `Virement à ${paymentDays} jours, sans escompte pour paiement anticipé`,
      latePenaltyTerms: latePenaltyTerms(program.funderIsPublic),
      lines,
    });
    await this.redemptions.checkInvoiceReferences(tx);
    await this.ledger.post(
      tx,
      invoiceIssued({
        invoiceId: issued.id,
        number: issued.number,
        funderId: program.funderId,
        faceValueCents,
        feeNetCents,
        vatCents: issued.totalVatCents,
        occurredAt: now,
      }),
    );
    return { kind: 'created', invoice: { invoiceId: issued.id, number: issued.number, totalGrossCents: issued.totalGrossCents } };
  }

  private feeVat(): VatTreatment {
    const vat = this.config.invoicing.feeVat;
    return 'rateBp' in vat ? { category: 'S', rateBp: vat.rateBp } : { category: 'E', exemptionReason: vat.exemptionReason };
  }
}

/** Runs `work` on every item, at most `concurrency` at a time; the results keep the items' order. */
async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
