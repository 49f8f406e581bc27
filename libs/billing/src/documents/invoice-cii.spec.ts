import { en16931Violations, readCii } from '@passerelle/testing';
import { computeInvoiceTotals, type InvoiceLineInput } from '../invoices/invoice-totals';
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
    expect(en16931Violations(readCii(renderInvoiceCii(wrong))).map((v) => v.split(':')[0])).toEqual(['BR-CO-10', 'BR-CO-15', 'BR-S-08', 'BR-CO-17']);
  });

  it('splits French addresses and writes rates exactly', () => {
    expect(splitFrenchAddress('1 rue de la Paix, 75002 Paris')).toEqual({ line: '1 rue de la Paix', postcode: '75002', city: 'Paris' });
    expect(splitFrenchAddress('Mairie')).toEqual({ line: 'Mairie' });
    expect([2_000, 550, 1, 10_000, 210].map(percentOf)).toEqual(['20', '5.5', '0.01', '100', '2.1']);
  });
});
