import { parisMonth } from './drop-in-slot';
import type { Journey } from './journey';
import type { Program } from './story-funding';
import type { Session } from './story-session';
import type { Redemption } from './story-visit';

export interface InvoiceLine {
  description: string;
  structureId: string | null;
  procedureCode: string | null;
  quantity: number;
  unitPriceCents: number;
  netCents: number;
  vatCategory: string;
  vatRateBp: number;
}

export interface Invoice {
  id: string;
  number: string;
  funderId: string;
  programId: string | null;
  periodStart: string;
  periodEnd: string;
  status: string;
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
  amountPaidCents: number;
  lines: InvoiceLine[];
}

export interface InvoicingRun {
  period: string;
  created: { invoiceId: string; number: string; programId: string; totalGrossCents: number }[];
  skipped: unknown[];
  failed: unknown[];
}

export interface ProgramStats {
  budgetCents: number;
  issuedCents: number;
  budgetLeftCents: number;
  totals: Record<'issued' | 'assigned' | 'redeemed' | 'expired' | 'cancelled', { count: number; cents: number }>;
  byProcedure: { procedureCode: string; count: number; cents: number }[];
  byDepartement: { departement: string; count: number; cents: number }[];
  byMonth: { month: string; count: number; cents: number }[];
}

type Before = { admin: Session; funderStaff: Session; program: Program; redemption: Redemption };

export const withInvoicing = <S extends Before, N extends string>(journey: Journey<S, N>) =>
  journey
    .step('the admin runs the invoicing of the month', async ({ admin, redemption }, { http }) => {
      const period = parisMonth(new Date(redemption.redeemedAt));
      const run = await http.json<InvoicingRun>('POST', '/admin/invoicing-runs', { token: admin.token, body: { period }, expect: [200] });
      return { invoicingRun: run };
    })
    .step('the funder finds the invoice', async ({ funderStaff, program }, { http }) => {
      const list = await http.json<Omit<Invoice, 'lines'>[]>('GET', '/invoices', { token: funderStaff.token });
      const summary = list.find((invoice) => invoice.programId === program.id);
      if (!summary) throw new Error(`no invoice of program ${program.id} in ${JSON.stringify(list)}`);
      return { invoice: await http.json<Invoice>('GET', `/invoices/${summary.id}`, { token: funderStaff.token }) };
    })
    .step("the funder reads the program's usage", async ({ funderStaff, program }, { http }) => {
      return { stats: await http.json<ProgramStats>('GET', `/programs/${program.id}/stats`, { token: funderStaff.token }) };
    });
