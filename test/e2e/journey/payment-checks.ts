import { en16931Violations, pdfText, readCii } from '@passerelle/testing';
import type { StoryStepName } from '../../../apps/cli/src/demo/passerelle-story';
import { PROCEDURE } from '../../../apps/cli/src/demo/story-funding';
import { expectedInvoice, type JourneyCheck } from './journey-check';

/** The checks of the steps after invoicing: documents, payment through Stripe, payout, statement, reconciliation. */
export const paymentChecks = {
  'the funder downloads the invoice PDF and its CII XML': ({ invoicePdf, invoiceXml, invoice, program }) => {
    const amounts = expectedInvoice(program);
    expect(invoicePdf.contentType).toBe('application/pdf');
    expect(invoicePdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(invoicePdf.bytes)).toContain(invoice.number);
    expect(invoiceXml.contentType).toBe('application/xml; charset=utf-8');
    const cii = readCii(invoiceXml.bytes.toString('utf8'));
    expect(cii).toMatchObject({
      number: invoice.number,
      typeCode: '380',
      currency: 'EUR',
      totals: { taxBasisCents: amounts.net, taxCents: amounts.vat, grandCents: amounts.gross, duePayableCents: amounts.gross },
    });
    // Débours in E (VATEX-EU-79-C) beside the taxed fee in S: no EN 16931 rule broken.
    expect(cii.breakdown.map((b) => [b.category, b.code])).toEqual([
      ['E', 'VATEX-EU-79-C'],
      ['S', null],
    ]);
    expect(en16931Violations(cii)).toEqual([]);
  },
  "the mediator connects the structure's payout account": ({ payoutAccount, structure }, { stripe }) => {
    expect(payoutAccount).toMatchObject({ structureId: structure.id, ready: true, payoutsEnabled: true, detailsSubmitted: true, requirementsDue: [] });
    expect(stripe.state.accounts.get(payoutAccount.stripeAccountId!)?.metadata).toMatchObject({ structure_id: structure.id });
  },
  'the funder asks how to pay the invoice': ({ payment, invoice, program }, { stripe }) => {
    const { gross } = expectedInvoice(program);
    // A public funder pays by bank transfer to its virtual IBAN.
    expect(payment).toMatchObject({ invoiceId: invoice.id, number: invoice.number, amountDueCents: gross, online: true, method: 'bank_transfer' });
    const intent = stripe.state.paymentIntents.get(payment.paymentIntentId!)!;
    expect(intent).toMatchObject({ amount: gross, currency: 'eur', status: 'requires_action' });
    const address = (intent.next_action as { display_bank_transfer_instructions: { financial_addresses: { iban: { iban: string } }[] } })
      .display_bank_transfer_instructions.financial_addresses[0]!;
    expect(payment.bankTransfer?.iban).toBe(address.iban.iban);
  },
  'the money arrives and the invoice is paid': ({ paidInvoice, program }) => {
    const { gross } = expectedInvoice(program);
    // Stripe sent two events about the same money: it is counted once.
    expect(paidInvoice).toMatchObject({ status: 'paid', totalGrossCents: gross, amountPaidCents: gross });
  },
  "the structure's share is paid out and the mediator reads the statement": ({ statement, invoice, structure, payment, payoutAccount, stats, program }, { stripe }) => {
    const { faceValue } = expectedInvoice(program);
    const charge = stripe.state.paymentIntents.get(payment.paymentIntentId!)!.latest_charge;
    const transfers = [...stripe.state.transfers.values()].filter((transfer) => transfer.transfer_group === invoice.id);
    expect(transfers).toEqual([expect.objectContaining({ amount: faceValue, currency: 'eur', destination: payoutAccount.stripeAccountId, source_transaction: charge })]);
    expect(statement).toMatchObject({
      structureId: structure.id,
      invoices: [
        {
          invoiceId: invoice.id,
          number: invoice.number,
          invoiceStatus: 'paid',
          lines: [{ procedureCode: PROCEDURE, quantity: 1, unitPriceCents: program.faceValueCents, netCents: faceValue }],
          earnedCents: faceValue,
          paidOutCents: faceValue,
          pendingCents: 0,
          pendingReason: null,
          transfer: { stripeTransferId: transfers[0]!.id },
        },
      ],
      notInvoiced: { vouchers: 0, amountCents: 0 },
      totals: { earnedCents: faceValue, paidOutCents: faceValue, pendingCents: 0 },
    });
    // The funder's stats, the invoice's face-value lines and the structure's statement: one amount.
    const invoicedToStructure = invoice.lines.filter((line) => line.structureId === structure.id).reduce((sum, line) => sum + line.netCents, 0);
    expect([stats.totals.redeemed.cents, invoicedToStructure, statement.totals.earnedCents, transfers[0]!.amount]).toEqual([faceValue, faceValue, faceValue, faceValue]);
    // And so does the ledger: earned when redeemed (redemption_accrued), paid out by the transfer.
    expect(statement.ledgerBalanceCents).toBe(statement.totals.pendingCents);
  },
  'the reconciliation agrees': ({ reconciliation }) => {
    expect(reconciliation.stripeChecked).toBe(true);
    expect(reconciliation.differences).toEqual([]);
    // It did compare something: the invoice, its payment, the payout line, the Stripe intent and transfer.
    for (const check of ['invoice_amount_paid', 'payout_lines', 'party_balances', 'stripe_payment_intents', 'stripe_transfers'] as const) {
      expect(reconciliation.counts[check]).toEqual({ checked: expect.any(Number), differences: 0 });
      expect(reconciliation.counts[check].checked).toBeGreaterThan(0);
    }
  },
} satisfies Partial<Record<StoryStepName, JourneyCheck>>;
