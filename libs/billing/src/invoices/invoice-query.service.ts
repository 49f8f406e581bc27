import { Injectable } from '@nestjs/common';
import { hasRole, type Actor } from '@passerelle/identity';
import { invoiceNotFound } from '../billing.errors';
import { InvoiceQueryRepository, type InvoiceSummaryView, type InvoiceView } from './invoice-query.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Invoices as their funder's members see them (own funder only), or all of them for an admin. */
@Injectable()
export class InvoiceQueryService {
  constructor(private readonly invoices: InvoiceQueryRepository) {}

  list(actor: Actor): Promise<InvoiceSummaryView[]> {
    return this.invoices.list(scopeOf(actor));
  }

  /** Another funder's invoice is not found, like a missing one (no existence leak). */
  async get(actor: Actor, id: string): Promise<InvoiceView> {
    if (!UUID.test(id)) throw invoiceNotFound();
    const invoice = await this.invoices.find(id, scopeOf(actor));
    if (!invoice) throw invoiceNotFound();
    return invoice;
  }
}

function scopeOf(actor: Actor): string[] | null {
  if (hasRole(actor, 'admin')) return null;
  if (!hasRole(actor, 'funder')) return [];
  return actor.memberships.filter((m) => m.kind === 'funder').map((m) => m.organisationId);
}
