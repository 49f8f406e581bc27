import { createInvoicedProgram, type InvoicedProgram } from './invoice-factories';
import { createStructure } from './catalog-factories';
import { startTestApi, type LoggedIn, type TestApi } from './test-api';
import { createFunder } from './voucher-factories';

/** The débours lines' exemption wording (category E, VATEX-EU-79-C), as invoices print it. */
export const DEBOURS_WORDING = 'Débours : sommes reversées aux structures au nom et pour le compte du financeur (art. 267 II 2° du CGI)';

/** Whitespace collapsed, as pdfText gives a PDF's text. */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

/** A funder, two structures (sorted by id, as invoice lines are) and two procedures, ready to be invoiced. */
export interface InvoicedFunder {
  api: TestApi;
  admin: LoggedIn;
  funder: LoggedIn;
  structures: [string, string];
  procedures: [string, string];
  /** A new program of the funder whose vouchers were redeemed as given (structure and procedure by index), invoiced for 2026-09. */
  invoiced(operatorRateBp: number, redemptions: { structure: 0 | 1; procedure?: 0 | 1; count: number }[]): Promise<InvoicedProgram>;
}

export async function startInvoicedFunder(environment: Record<string, string> = {}): Promise<InvoicedFunder> {
  const api = await startTestApi(environment);
  const admin = await api.loginAs('admin');
  const funder = await api.loginAs('funder');
  await createFunder(api.dataSource, { organisationId: funder.user.organisationId! });
  const structures = [(await createStructure(api.dataSource)).id, (await createStructure(api.dataSource)).id].sort() as [string, string];
  const procedures = (await api.dataSource.query('SELECT code FROM procedures ORDER BY code LIMIT 2')).map((r: { code: string }) => r.code) as [string, string];
  return {
    api,
    admin,
    funder,
    structures,
    procedures,
    invoiced: (operatorRateBp, redemptions) =>
      createInvoicedProgram(api, {
        funderId: funder.user.organisationId!,
        createdBy: admin.user.id,
        operatorRateBp,
        redemptions: redemptions.map((r) => ({ structureId: structures[r.structure], procedureCode: procedures[r.procedure ?? 0], count: r.count })),
      }),
  };
}
