import type { InvoiceSummaryView, InvoiceView, InvoicingRunSummary } from '@passerelle/billing';
import type { ProgramStatsView, ProgramView, RedemptionView } from '@passerelle/vouchers';
import { parisMonth } from './drop-in-slot';
import type { Journey } from './journey';
import type { Session } from './story-session';

type Before = { admin: Session; funderStaff: Session; program: ProgramView; redemption: RedemptionView };

export const withInvoicing = <S extends Before, N extends string>(journey: Journey<S, N>) =>
  journey
    .step('the admin runs the invoicing of the month', async ({ admin, redemption }, { http }) => {
      const period = parisMonth(new Date(redemption.redeemedAt));
      const run = await http.json<InvoicingRunSummary>('POST', '/admin/invoicing-runs', { token: admin.token, body: { period }, expect: [200] });
      return { invoicingRun: run };
    })
    .step('the funder finds the invoice', async ({ funderStaff, program }, { http }) => {
      const list = await http.json<InvoiceSummaryView[]>('GET', '/invoices', { token: funderStaff.token });
      const summary = list.find((invoice) => invoice.programId === program.id);
      if (!summary) throw new Error(`no invoice of program ${program.id} in ${JSON.stringify(list)}`);
      return { invoice: await http.json<InvoiceView>('GET', `/invoices/${summary.id}`, { token: funderStaff.token }) };
    })
    .step("the funder reads the program's usage", async ({ funderStaff, program }, { http }) => {
      return { stats: await http.json<ProgramStatsView>('GET', `/programs/${program.id}/stats`, { token: funderStaff.token }) };
    });
