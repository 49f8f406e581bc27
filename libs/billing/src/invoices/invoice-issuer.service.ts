import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invoiceAlreadyExists, invoiceInvalid } from '../billing.errors';
import { InvoiceNumbering } from './invoice-numbering.service';
import { InvoiceTotalsError, computeInvoiceTotals } from './invoice-totals';
import { InvoiceRepository } from './invoice.repository';
import type { InvoiceDraft, IssuedInvoice } from './invoice.types';

/**
 * Issues an invoice or credit note inside the caller's transaction: totals computed once (and stored
 * as computed, never recomputed), then the next number of the year, then the rows. If the caller's
 * transaction rolls back, the number is given back with it: no gap.
 */
@Injectable()
export class InvoiceIssuer {
  constructor(
    private readonly numbering: InvoiceNumbering,
    private readonly invoices: InvoiceRepository,
  ) {}

  async issue(manager: EntityManager, draft: InvoiceDraft): Promise<IssuedInvoice> {
    let totals;
    try {
      totals = computeInvoiceTotals(draft.lines);
    } catch (error) {
      if (error instanceof InvoiceTotalsError) throw invoiceInvalid(error.message);
      throw error;
    }
    if (draft.buyerIsPublic && !draft.buyer.siret) throw invoiceInvalid('a public buyer is identified by its SIRET (Chorus Pro)');
    const issued = await this.invoices.numberedOnce(manager, async () => {
      const number = await this.numbering.next(manager, draft.issueDate);
      return { number, id: await this.invoices.insert(manager, draft, number, totals) };
    });
    if (issued === null) throw invoiceAlreadyExists();
    const { id, number } = issued;
    return {
      id,
      number,
      typeCode: draft.typeCode,
      totalNetCents: totals.totalNetCents,
      totalVatCents: totals.totalVatCents,
      totalGrossCents: totals.totalGrossCents,
    };
  }
}
