import type { InvoicePaymentView, InvoiceView, OnboardingLink, PayoutAccountView, StatementInvoice, StructureStatement } from '@passerelle/billing';
import type { StructureView } from '@passerelle/catalog';
import { parisDate } from './drop-in-slot';
import type { Journey } from './journey';
import type { Session } from './story-session';
import { pollUntil } from './story-wait';

type Before = { admin: Session; funderStaff: Session; mediator: Session; structure: StructureView; invoice: InvoiceView };

/** The structure's share of the invoice is settled: transferred (Stripe) or waiting for the operator's bank transfer. */
const settled = (entry: StatementInvoice | undefined) =>
  entry !== undefined && (entry.transfer !== null || entry.pendingReason === 'bank_transfer');

export const withPayment = <S extends Before, N extends string>(journey: Journey<S, N>) =>
  journey
    .step("the mediator connects the structure's payout account", async ({ mediator, structure }, { http, rail, secrets, say }) => {
      const path = `/structures/${structure.id}/payout-account`;
      const readiness = () => http.json<PayoutAccountView>('GET', path, { token: mediator.token });
      if (rail.kind === 'bank_transfer') {
        // No Stripe: the platform says so (409 PAYOUTS_BY_BANK_TRANSFER) and pays structures by transfer.
        await http.send('POST', path, { token: mediator.token, expect: [409] });
        say('  (no Stripe: the operator pays the structure its share by bank transfer)');
        return { payoutAccount: await readiness() };
      }
      const link = await http.json<OnboardingLink>('POST', path, { token: mediator.token, expect: [200] });
      // A single-use link that opens the account: a bearer value like a token.
      secrets.add(link.onboardingUrl);
      await rail.completeOnboarding(link.stripeAccountId!);
      const payoutAccount = await pollUntil('the payout account to be ready', async () => {
        const account = await readiness();
        return account.ready ? account : undefined;
      });
      return { payoutAccount };
    })
    .step('the funder asks how to pay the invoice', async ({ funderStaff, invoice }, { http, secrets }) => {
      const payment = await http.json<InvoicePaymentView>('POST', `/invoices/${invoice.id}/payment`, { token: funderStaff.token, expect: [200] });
      const iban = payment.bankTransfer?.iban;
      if (iban) secrets.add(iban, iban.replace(/\s/g, ''));
      if (payment.clientSecret) secrets.add(payment.clientSecret);
      return { payment };
    })
    .step('the money arrives and the invoice is paid', async ({ admin, funderStaff, invoice, payment }, { http, rail }) => {
      if (rail.kind === 'stripe') {
        if (!payment.paymentIntentId) throw new Error(`no PaymentIntent in ${JSON.stringify(payment)}`);
        await rail.fundPaymentIntent(payment.paymentIntentId, payment.amountDueCents);
      } else {
        await http.json('POST', `/admin/invoices/${invoice.id}/mark-paid`, {
          token: admin.token,
          body: { amountCents: payment.amountDueCents, reference: payment.bankTransfer?.reference ?? payment.number, receivedOn: parisDate(new Date()) },
          expect: [200],
        });
      }
      // Stripe's webhook is applied by the worker: the invoice turns paid a moment later.
      const paidInvoice = await pollUntil('the invoice to be paid', async () => {
        const current = await http.json<InvoiceView>('GET', `/invoices/${invoice.id}`, { token: funderStaff.token });
        return current.status === 'paid' ? current : undefined;
      });
      return { paidInvoice };
    })
    .step("the structure's share is paid out and the mediator reads the statement", async ({ mediator, structure, invoice }, { http }) => {
      const statement = await pollUntil("the structure's payout", async () => {
        const current = await http.json<StructureStatement>('GET', `/structures/${structure.id}/statements`, { token: mediator.token });
        return settled(current.invoices.find((entry) => entry.invoiceId === invoice.id)) ? current : undefined;
      });
      return { statement };
    });
