import { creditNoteIssued } from './journals';
import { assertBalanced } from './ledger.types';

describe('creditNoteIssued', () => {
  it('reverses the receivable, the fee, its VAT and each structure share once per structure, balanced', () => {
    const journal = creditNoteIssued({
      creditNoteId: 'c1',
      number: 'PAS-2026-000002',
      correctedNumber: 'PAS-2026-000001',
      funderId: 'f',
      structureShares: [
        { structureId: 's1', amountCents: 3_000 },
        { structureId: 's2', amountCents: 1_000 },
        { structureId: 's1', amountCents: 500 },
      ],
      feeNetCents: 180,
      vatCents: 36,
      rebilled: false,
      occurredAt: new Date('2026-12-01T10:00:00Z'),
    });
    expect(journal).toMatchObject({ kind: 'credit_note_issued', eventKey: 'credit-note:c1', description: 'Avoir PAS-2026-000002 sur la facture PAS-2026-000001' });
    expect(journal.entries).toEqual([
      { account: 'funder_receivable', partyId: 'f', amountCents: -4_716 },
      { account: 'structure_payable', partyId: 's1', amountCents: 3_500 },
      { account: 'structure_payable', partyId: 's2', amountCents: 1_000 },
      { account: 'platform_revenue', amountCents: 180 },
      { account: 'vat_collected', amountCents: 36 },
    ]);
    expect(() => assertBalanced(journal)).not.toThrow();
  });

  it('has no VAT entry when the fee was exempt', () => {
    const journal = creditNoteIssued({
      creditNoteId: 'c2',
      number: 'PAS-2026-000004',
      correctedNumber: 'PAS-2026-000003',
      funderId: 'f',
      structureShares: [{ structureId: 's1', amountCents: 1_000 }],
      feeNetCents: 40,
      vatCents: 0,
      rebilled: false,
      occurredAt: new Date(),
    });
    expect(journal.entries.map((e) => e.account)).toEqual(['funder_receivable', 'structure_payable', 'platform_revenue']);
    expect(() => assertBalanced(journal)).not.toThrow();
  });

  it('gives the face value back to funder_unbilled, not to the structures, when the vouchers are billed again', () => {
    const journal = creditNoteIssued({
      creditNoteId: 'c3',
      number: 'PAS-2026-000006',
      correctedNumber: 'PAS-2026-000005',
      funderId: 'f',
      structureShares: [
        { structureId: 's1', amountCents: 2_000 },
        { structureId: 's2', amountCents: 1_000 },
      ],
      feeNetCents: 100,
      vatCents: 20,
      rebilled: true,
      occurredAt: new Date(),
    });
    expect(journal.entries).toEqual([
      { account: 'funder_receivable', partyId: 'f', amountCents: -3_120 },
      { account: 'funder_unbilled', partyId: 'f', amountCents: 3_000 },
      { account: 'platform_revenue', amountCents: 100 },
      { account: 'vat_collected', amountCents: 20 },
    ]);
    expect(() => assertBalanced(journal)).not.toThrow();
  });
});
