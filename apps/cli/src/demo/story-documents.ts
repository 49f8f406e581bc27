import type { InvoiceView } from '@passerelle/billing';
import type { Journey } from './journey';
import type { Session } from './story-session';

type Before = { funderStaff: Session; invoice: InvoiceView };

/** A document as the funder downloads it. */
export interface Download {
  path: string;
  contentType: string | null;
  bytes: Buffer;
}

export const withInvoiceDocuments = <S extends Before, N extends string>(journey: Journey<S, N>) =>
  journey.step('the funder downloads the invoice PDF and its CII XML', async ({ funderStaff, invoice }, { http }) => {
    const download = async (path: string): Promise<Download> => {
      const answer = await http.send('GET', path, { token: funderStaff.token, expect: [200] });
      return { path, contentType: answer.headers.get('content-type'), bytes: answer.bytes };
    };
    return { invoicePdf: await download(`/invoices/${invoice.id}/pdf`), invoiceXml: await download(`/invoices/${invoice.id}/cii.xml`) };
  });
