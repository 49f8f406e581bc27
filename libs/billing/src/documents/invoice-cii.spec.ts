import { en16931Violations, readCii } from '@passerelle/testing';
import { computeInvoiceTotals, type InvoiceLineInput } from '../invoices/invoice-totals';
import { FACE_VALUE_VAT, invoiceLines } from '../invoicing/invoicing-lines';
import { splitFrenchAddress } from './french-address';
import { renderInvoiceCii } from './invoice-cii';
import { percentOf, type InvoiceDocument } from './invoice-document';

/** A document as the repository gives it, from lines computed by the issuer's own arithmetic. */
function documentOf(inputs: InvoiceLineInput[], extra: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const totals = computeInvoiceTotals(inputs);
  return {
    id: '00000000-0000-4000-8000-000000000001',
    number: 'PAS-2026-000007',
    typeCode: 380,
    issueDate: '2026-10-01',
    dueDate: '2026-10-31',
    periodStart: '2026-09-01',
    periodEnd: '2026-09-30',
    seller: { name: 'Passerelle SAS', address: '1 rue de la Paix, 75002 Paris', siren: '123456789', siret: '12345678900012', vatNumber: 'FR32123456789' },
    buyer: { name: 'Fondation Exemple', address: '3 quai des Chartrons 33000 Bordeaux', siret: '98765432100017' },
    buyerIsPublic: false,
    buyerServiceCode: null,
    buyerCommitmentNumber: null,
    corrects: null,
    creditReason: null,
    paymentTerms: 'Virement à 30 jours',
    latePenaltyTerms: 'Pénalités de retard au taux BCE + 10 points',
    recoveryIndemnityCents: 4_000,
    paymentReference: 'PAS-2026-000007',
    payment: { iban: 'SA0380000000608010167519', reference: 'PAS-2026-000007' },
    lines: totals.lines.map((l) => ({
      position: l.position,
      description: l.description,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      netCents: l.netCents,
      category: l.vat.category,
      rateBp: l.vat.category === 'S' ? l.vat.rateBp : 0,
      structureId: null,
      procedureCode: null,
    })),
    breakdown: totals.breakdown,
    totalNetCents: totals.totalNetCents,
    totalVatCents: totals.totalVatCents,
    totalGrossCents: totals.totalGrossCents,
    ...extra,
  };
}

const rulesOf = (violations: string[]) => violations.map((v) => v.split(':')[0]);
const ciiOf = (doc: InvoiceDocument) => readCii(renderInvoiceCii(doc));
/** An invoice as the run builds it: 3 + 2 pass of 10,00 € at two structures, fee 4 %. */
const runLines = (feeVat: InvoiceLineInput['vat']) =>
  invoiceLines(
    [
      { structureId: '00000000-0000-4000-8000-00000000000a', procedureCode: 'caf', faceValueCents: 1_000, quantity: 3 },
      { structureId: '00000000-0000-4000-8000-00000000000b', procedureCode: 'caf', faceValueCents: 1_000, quantity: 2 },
    ],
    400,
    feeVat,
    (structure, procedure) => `Pass utilisés — démarche ${procedure}, structure ${structure}`,
  ).lines;

describe('CII XML', () => {
  it('is free of EN 16931 violations for taxed and exempt lines at several rates, VAT rounded per category', () => {
    const doc = documentOf([
      { description: 'Atelier', quantity: 3, unitPriceCents: 333, vat: { category: 'S', rateBp: 2_000 } },
      { description: 'Atelier <numérique> & co', quantity: 1, unitPriceCents: 1, vat: { category: 'S', rateBp: 2_000 } },
      { description: 'Livret', quantity: 7, unitPriceCents: 199, vat: { category: 'S', rateBp: 550 } },
      { description: 'Formation', quantity: 2, unitPriceCents: 12_345, vat: { category: 'E', exemptionReason: 'Exonération art. 261-4-4° du CGI', exemptionCode: 'VATEX-FR-261-4' } },
    ]);
    const cii = readCii(renderInvoiceCii(doc));
    expect(en16931Violations(cii)).toEqual([]);
    // 3 × 3,33 + 0,01 = 10,00 € at 20 % = 2,00 €; 7 × 1,99 = 13,93 € at 5,5 % = 0,766… → 0,77 €.
    expect(cii.breakdown.map((b) => [b.category, b.rateBp, b.basisCents, b.vatCents, b.code])).toEqual([
      ['E', 0, 24_690, 0, 'VATEX-FR-261-4'],
      ['S', 550, 1_393, 77, null],
      ['S', 2_000, 1_000, 200, null],
    ]);
    expect(cii.lines[1]!.name).toBe('Atelier <numérique> & co');
    // Outside SEPA a transfer is code 30; the address is split into line, postcode and city.
    expect(cii.paymentMeans).toEqual({ code: '30', iban: 'SA0380000000608010167519' });
    expect(cii.totals).toEqual({ lineCents: 27_083, taxBasisCents: 27_083, taxCents: 277, taxCurrency: 'EUR', grandCents: 27_360, duePayableCents: 27_360 });
  });

  it('finds the arithmetic errors a wrong document would carry', () => {
    const doc = documentOf([{ description: 'Atelier', quantity: 1, unitPriceCents: 1_000, vat: { category: 'S', rateBp: 2_000 } }]);
    const wrong = { ...doc, totalVatCents: 199, totalGrossCents: 1_200, breakdown: [{ ...doc.breakdown[0]!, vatCents: 199 }], lines: [{ ...doc.lines[0]!, netCents: 999 }] };
    expect(rulesOf(en16931Violations(ciiOf(wrong)))).toEqual(['BR-CO-10', 'BR-CO-15', 'BR-CO-17', 'BR-S-08', 'BR-S-09']);
  });

  it('gives a conformant invoice with a taxed fee: débours in E (VATEX-EU-79-C) beside the fee in S', () => {
    const cii = ciiOf(documentOf(runLines({ category: 'S', rateBp: 2_000 })));
    expect(en16931Violations(cii)).toEqual([]);
    expect(cii.lines.map((l) => [l.category, l.rateBp])).toEqual([
      ['E', 0],
      ['E', 0],
      ['S', 2_000],
    ]);
    expect(cii.breakdown).toEqual([
      { basisCents: 5_000, vatCents: 0, category: 'E', rateBp: 0, reason: FACE_VALUE_VAT.exemptionReason, code: 'VATEX-EU-79-C' },
      { basisCents: 200, vatCents: 40, category: 'S', rateBp: 2_000, reason: null, code: null },
    ]);
  });

  it('gives a conformant invoice with an exempt fee: one E row for the débours and the fee, both wordings, no code', () => {
    const cii = ciiOf(documentOf(runLines({ category: 'E', exemptionReason: 'TVA non applicable, art. 293 B du CGI' })));
    expect(en16931Violations(cii)).toEqual([]);
    expect(cii.breakdown).toEqual([
      { basisCents: 5_200, vatCents: 0, category: 'E', rateBp: 0, reason: `${FACE_VALUE_VAT.exemptionReason} ; TVA non applicable, art. 293 B du CGI`, code: null },
    ]);
    expect(cii.totals).toMatchObject({ lineCents: 5_200, taxCents: 0, grandCents: 5_200 });
  });

  it('finds the VAT category rules a wrong document breaks, starting with the débours in O beside a taxed fee', () => {
    // What the run issued before: débours out of scope (O) next to the taxed fee, with the seller's VAT number.
    const oldMix = documentOf([
      { description: 'Pass', quantity: 5, unitPriceCents: 1_000, vat: { category: 'O', exemptionReason: 'Débours' } },
      { description: 'Frais', quantity: 1, unitPriceCents: 200, vat: { category: 'S', rateBp: 2_000 } },
    ]);
    expect(rulesOf(en16931Violations(ciiOf(oldMix)))).toEqual(['BR-O-02', 'BR-O-11', 'BR-O-12']);

    const taxed = documentOf(runLines({ category: 'S', rateBp: 2_000 }));
    const [exempt, standard] = taxed.breakdown as [(typeof taxed.breakdown)[0], (typeof taxed.breakdown)[0]];
    const cases: [string, InvoiceDocument, string[]][] = [
      ['no seller VAT number', { ...taxed, seller: { ...taxed.seller, vatNumber: undefined } }, ['BR-S-02', 'BR-E-02']],
      ['E row without wording or code', { ...taxed, breakdown: [{ ...exempt, exemptionReason: undefined, exemptionCode: undefined }, standard] }, ['BR-E-10']],
      ['VAT on the E row', { ...taxed, breakdown: [{ ...exempt, vatCents: 1 }, standard], totalVatCents: 41, totalGrossCents: 5_241 }, ['BR-CO-17', 'BR-E-09']],
      ['an exempt reason on the S row', { ...taxed, breakdown: [exempt, { ...standard, exemptionReason: 'Exonéré' }] }, ['BR-S-10']],
      ['two E rows', { ...taxed, breakdown: [{ ...exempt, taxableCents: 3_000 }, { ...exempt, taxableCents: 2_000, exemptionCode: 'VATEX-EU-132' }, standard] }, ['BR-E-01', 'BR-E-08', 'BR-E-08']],
      ['an S line at 0 %', { ...taxed, lines: taxed.lines.map((l) => (l.category === 'S' ? { ...l, rateBp: 0 } : l)) }, ['BR-S-05', 'BR-S-08', 'BR-S-08']],
      ['a line of no breakdown', { ...taxed, breakdown: [exempt], totalVatCents: 0, totalGrossCents: 5_200 }, ['BR-S-01', 'BR-S-08']],
    ];
    for (const [what, doc, rules] of cases) expect({ what, rules: rulesOf(en16931Violations(ciiOf(doc))) }).toEqual({ what, rules });

    // The VAT number must be written as CII's VAT identifier (scheme VA) to count.
    const wrongScheme = readCii(renderInvoiceCii(taxed).replace('schemeID="VA"', 'schemeID="VAT"'));
    expect(rulesOf(en16931Violations(wrongScheme))).toEqual(['BR-S-02', 'BR-E-02']);
  });

  it('splits French addresses and writes rates exactly', () => {
    expect(splitFrenchAddress('1 rue de la Paix, 75002 Paris')).toEqual({ line: '1 rue de la Paix', postcode: '75002', city: 'Paris' });
    expect(splitFrenchAddress('Mairie')).toEqual({ line: 'Mairie' });
    expect([2_000, 550, 1, 10_000, 210].map(percentOf)).toEqual(['20', '5.5', '0.01', '100', '2.1']);
  });
});
