import { Injectable } from '@nestjs/common';
import type { Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { invoiceNotFound } from '../billing.errors';
import { invoiceScopeOf } from './invoice-access';
import { InvoiceQueryRepository, type InvoiceSummaryView, type InvoiceView } from './invoice-query.repository';

/** Invoices as their funder's members see them (own funder only), or all of them for an admin. */
@Injectable()
export class InvoiceQueryService {
  constructor(private readonly invoices: InvoiceQueryRepository) {}

  list(actor: Actor): Promise<InvoiceSummaryView[]> {
    return this.invoices.list(invoiceScopeOf(actor));
  }

  /** Another funder's invoice is not found, like a missing one (no existence leak). */
  async get(actor: Actor, id: string): Promise<InvoiceView> {
    if (!isUuid(id)) throw invoiceNotFound();
    const invoice = await this.invoices.find(id, invoiceScopeOf(actor));
    if (!invoice) throw invoiceNotFound();
    return invoice;
  }
}
