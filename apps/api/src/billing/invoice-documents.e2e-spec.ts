import { createFunder, en16931Violations, flat, pdfText, readCii, startInvoicedFunder, type LoggedIn, type TestApi } from '@passerelle/testing';

const IBAN = 'FR7630006000011234567890189';

describe('invoice documents: PDF and EN 16931 CII XML', () => {
  let api: TestApi;
  let admin: LoggedIn;
  let funder: LoggedIn;
  let otherFunder: LoggedIn;
  let funderSiret: string;
  let invoice: { invoiceId: string; number: string };
  let invoicedAgain: (count: number) => Promise<{ invoiceId: string; number: string }>;

  beforeAll(async () => {
    const world = await startInvoicedFunder({
      INVOICE_BANK_IBAN: 'FR76 3000 6000 0112 3456 7890 189',
      INVOICE_BANK_BIC: 'AGRIFRPPXXX',
      INVOICE_SELLER_LEGAL_FORM: 'SAS',
      INVOICE_SELLER_SHARE_CAPITAL: '10 000 €',
      INVOICE_SELLER_RCS: 'RCS Paris 123 456 789',
    });
    ({ api, admin, funder } = world);
    otherFunder = await api.loginAs('funder');
    await createFunder(api.dataSource, { organisationId: otherFunder.user.organisationId! });
    await api.dataSource.query(
      `UPDATE funders SET legal_name = 'Département de la Gironde', chorus_service_code = 'SERV-42', chorus_commitment_number = 'EJ-2026-0042'
        WHERE id = $1`,
      [funder.user.organisationId],
    );
    funderSiret = (await api.dataSource.query('SELECT siret FROM funders WHERE id = $1', [funder.user.organisationId]))[0].siret;
    // 130 vouchers of 10,00 € (1 000,00 € + 300,00 €), fee 4 % = 52,00 €, VAT 20 % = 10,40 €: 1 362,40 €.
    invoice = await world.invoiced(400, [
      { structure: 0, procedure: 0, count: 100 },
      { structure: 1, procedure: 1, count: 30 },
    ]);
    invoicedAgain = (count) => world.invoiced(0, [{ structure: 0, count }]);
  });
  afterAll(() => api.close());

  const get = (url: string, who: LoggedIn) => api.app.inject({ method: 'GET', url, headers: who.headers });

  it('renders the PDF with every French legal mention and the amounts of the issued invoice', async () => {
    const response = await get(`/invoices/${invoice.invoiceId}/pdf`, funder);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(response.rawPayload);
    const mentions = [
      `FACTURE n° ${invoice.number}`,
      // Seller: identity, legal form and capital, SIREN/SIRET, RCS, VAT number.
      'Passerelle SAS',
      'SAS au capital de 10 000 €',
      '1 rue de la Paix, 75002 Paris',
      'SIREN : 123456789',
      'SIRET : 12345678900012',
      'RCS Paris 123 456 789',
      'N° TVA intracommunautaire : FR32123456789',
      // Buyer, with SIRET and SIREN, and its Chorus Pro routing.
      'Client (acheteur public)',
      'Département de la Gironde',
      `SIRET : ${funderSiret}`,
      `SIREN : ${funderSiret.slice(0, 9)}`,
      'Code service (Chorus Pro) : SERV-42',
      "N° d'engagement : EJ-2026-0042",
      // Dates.
      "Date d'émission : 01/10/2026",
      'Période de la prestation : du 01/09/2026 au 30/09/2026',
      "Date d'échéance : 31/10/2026",
      'Nature des opérations : prestations de services',
      // Lines: quantity, unit price, VAT, net.
      '100 10,00 € Débours 1 000,00 €',
      '30 10,00 € Débours 300,00 €',
      "Frais d'opérateur (4 % de la valeur faciale) 1 52,00 € 20 % 52,00 €",
      // VAT breakdown with the débours' legal mention, totals.
      'TVA 20 % sur 52,00 € HT : 10,40 €',
      'Sans TVA sur 1 300,00 € : Débours : sommes reversées aux structures au nom et pour le compte du financeur (art. 267 II 2° du CGI)',
      'Total HT 1 352,00 €',
      'Total TVA 10,40 €',
      'Total TTC 1 362,40 €',
      'Net à payer 1 362,40 €',
      // Payment terms, bank details and reference; a public buyer's default interest and 40 € indemnity.
      'Virement à 30 jours, sans escompte pour paiement anticipé',
      'Virement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189 — BIC AGRIFRPPXXX',
      `Référence à indiquer sur le virement : ${invoice.number}`,
      'Intérêts moratoires au taux BCE + 8 points (C. commande publique R2192-31) ; indemnité forfaitaire de recouvrement de 40 € (C. commande publique R2192-32)',
      'Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : 40,00 € (C. commande publique art. R2192-32).',
    ];
    expect(mentions.filter((mention) => !text.includes(flat(mention)))).toEqual([]);

    const asAdmin = await get(`/invoices/${invoice.invoiceId}/pdf`, admin);
    expect(asAdmin.statusCode).toBe(200);
    expect(pdfText(asAdmin.rawPayload)).toContain(flat('Total TTC 1 362,40 €'));
  });

  it('prints the Stripe virtual IBAN and reference once the funder asked to pay online', async () => {
    const online = await invoicedAgain(2);
    // As the payment flow stores the funding instructions of the PaymentIntent.
    await api.dataSource.query("UPDATE invoices SET payment_iban = 'DE89370400440532013000', payment_reference = 'REF-8F2K9Q' WHERE id = $1", [online.invoiceId]);
    const text = pdfText((await get(`/invoices/${online.invoiceId}/pdf`, funder)).rawPayload);
    expect(text).toContain('Virement sur le compte IBAN DE89 3704 0044 0532 0130 00');
    expect(text).toContain('Référence à indiquer sur le virement : REF-8F2K9Q');
    expect(text).not.toContain('AGRIFRPPXXX');
    const cii = readCii((await get(`/invoices/${online.invoiceId}/cii.xml`, funder)).body);
    expect(cii).toMatchObject({ remittance: 'REF-8F2K9Q', paymentMeans: { code: '58', iban: 'DE89370400440532013000' } });
    // No fee: the débours alone, with their code.
    expect(cii.breakdown).toEqual([{ basisCents: 2_000, vatCents: 0, category: 'E', rateBp: 0, reason: expect.stringContaining('Débours'), code: 'VATEX-EU-79-C' }]);
    expect(en16931Violations(cii)).toEqual([]);
  });

  it("answers 404 for another funder's invoice or an unknown id, 400 for a malformed id, and 403 for other roles", async () => {
    const mediator = await api.loginAs('mediator');
    for (const path of ['pdf', 'cii.xml']) {
      for (const [url, who, status, code] of [
        [`/invoices/${invoice.invoiceId}/${path}`, otherFunder, 404, 'INVOICE_NOT_FOUND'],
        [`/invoices/00000000-0000-4000-8000-000000000000/${path}`, funder, 404, 'INVOICE_NOT_FOUND'],
        [`/invoices/not-a-uuid/${path}`, admin, 400, 'INVALID_ID'],
      ] as const) {
        const response = await get(url, who);
        expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status, code });
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect((await get(`/invoices/${invoice.invoiceId}/${path}`, mediator)).statusCode).toBe(403);
    }
  });

  it('gives the same invoice as EN 16931 CII XML with the business terms in place and its arithmetic right', async () => {
    const response = await get(`/invoices/${invoice.invoiceId}/cii.xml`, funder);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const cii = readCii(response.body);
    expect(cii).toMatchObject({
      guideline: 'urn:cen.eu:en16931:2017',
      number: invoice.number,
      typeCode: '380',
      issueDate: { value: '20261001', format: '102' },
      currency: 'EUR',
      buyerReference: 'SERV-42',
      orderReference: 'EJ-2026-0042',
      seller: { name: 'Passerelle SAS', globalId: '12345678900012', globalScheme: '0009', legalId: '123456789', legalScheme: '0002', vat: 'FR32123456789', country: 'FR' },
      buyer: { name: 'Département de la Gironde', legalId: funderSiret, legalScheme: '0009', country: 'FR' },
      precedingInvoice: { number: null },
      remittance: invoice.number,
      paymentMeans: { code: '58', iban: IBAN },
      paymentTerms: 'Virement à 30 jours, sans escompte pour paiement anticipé',
      dueDate: '20261031',
      totals: { lineCents: 135_200, taxBasisCents: 135_200, taxCents: 1_040, taxCurrency: 'EUR', grandCents: 136_240, duePayableCents: 136_240 },
    });
    expect(cii.lines).toEqual([
      expect.objectContaining({ id: '1', quantity: '100', unitCode: 'C62', netPriceCents: 1_000, netCents: 100_000, category: 'E', rateBp: 0 }),
      expect.objectContaining({ id: '2', quantity: '30', unitCode: 'C62', netPriceCents: 1_000, netCents: 30_000, category: 'E', rateBp: 0 }),
      expect.objectContaining({ id: '3', name: "Frais d'opérateur (4 % de la valeur faciale)", quantity: '1', netCents: 5_200, category: 'S', rateBp: 2_000 }),
    ]);
    expect(cii.breakdown).toEqual([
      { basisCents: 130_000, vatCents: 0, category: 'E', rateBp: 0, reason: expect.stringContaining('Débours'), code: 'VATEX-EU-79-C' },
      { basisCents: 5_200, vatCents: 1_040, category: 'S', rateBp: 2_000, reason: null, code: null },
    ]);
    expect(cii.notes).toEqual([
      { subject: 'PMD', content: expect.stringContaining('Intérêts moratoires au taux BCE + 8 points') },
      { subject: 'PMT', content: 'Indemnité forfaitaire pour frais de recouvrement : 40.00 EUR (C. commande publique art. R2192-32)' },
    ]);
    // Débours (E) beside the taxed fee (S): no EN 16931 rule broken.
    expect(en16931Violations(cii)).toEqual([]);
  });
});
