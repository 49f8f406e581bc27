import { Injectable, Logger } from '@nestjs/common';
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
 */
@Injectable()
export class InvoicingRunService {
  private readonly logger = new Logger(InvoicingRunService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly redemptions: RedemptionsForInvoicing,
    private readonly issuer: InvoiceIssuer,
    private readonly ledger: Ledger,
    private readonly config: AppConfig,
  ) {}

  async run(actor: Actor | 'system', periodLabel: string, now = new Date()): Promise<InvoicingRunSummary> {
    if (actor !== 'system' && !hasRole(actor, 'admin')) throw invoicingForbidden();
    const period = invoicingPeriod(periodLabel);
    const programs = await this.transactions.run((tx) => this.redemptions.programsWithRedemptionsBefore(tx, period.endsAt));
    const summary: InvoicingRunSummary = { period: period.label, created: [], skipped: [], failed: [] };
    for (const program of programs) {
      const ids = { funderId: program.funderId, programId: program.programId };
      try {
        const outcome = await this.transactions.run((tx) => this.invoiceProgram(tx, program, period, now));
        if (outcome.kind === 'created') summary.created.push({ ...ids, ...outcome.invoice });
        else summary.skipped.push({ ...ids, reason: outcome.kind });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'INVOICE_ALREADY_EXISTS') {
          summary.skipped.push({ ...ids, reason: 'already_invoiced' });
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`invoicing ${period.label} of program ${program.programId} failed: ${message}`);
        summary.failed.push({ ...ids, error: message });
      }
    }
    return summary;
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
    const { groups, voucherIds } = await this.redemptions.lockRedeemedBefore(tx, program.programId, period.endsAt);
    if (voucherIds.length === 0) return { kind: 'nothing_to_invoice' };
    const { lines, faceValueCents, feeNetCents } = invoiceLines(
      groups,
      program.operatorRateBp,
      this.feeVat(),
      (structureId, procedureCode) => `Pass utilisés — démarche ${procedureCode}, structure ${structureId}`,
    );
    const { issueDate, dueDate } = issueAndDueDates(now, this.config.invoicing.paymentDays);
    const { seller, paymentDays } = this.config.invoicing;
    const issued = await this.issuer.issue(tx, {
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
      latePenaltyTerms: 'Pénalités de retard au taux BCE + 10 points ; indemnité forfaitaire de recouvrement de 40 € (C. com. L441-10)',
      lines,
    });
    await this.redemptions.markInvoiced(tx, voucherIds, issued.id);
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
