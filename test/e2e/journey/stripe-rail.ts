import type { SignedStripeEvent, StripeTestServer } from '@passerelle/testing';
import type { StripeRail } from '../../../apps/cli/src/demo/payment-rail';

/**
 * The journey's Stripe: the test server changes its own objects as Stripe would, then POSTs the
 * signed events to the API's public webhook route over HTTP (raw body, `stripe-signature`).
 */
export function stripeRail(stripe: StripeTestServer, apiUrl: string): StripeRail {
  const deliver = async ({ event, payload, signature }: SignedStripeEvent) => {
    const response = await fetch(`${apiUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
      body: payload,
    });
    if (response.status !== 200) throw new Error(`${event.type} webhook answered ${response.status}: ${await response.text()}`);
  };
  return {
    kind: 'stripe',
    async completeOnboarding(accountId) {
      const account = stripe.state.accounts.get(accountId);
      if (!account) throw new Error(`the Stripe test server has no account ${accountId}`);
      await deliver(
        stripe.updateAccount(accountId, {
          details_submitted: true,
          payouts_enabled: true,
          charges_enabled: true,
          requirements: { ...account.requirements!, currently_due: [], disabled_reason: null },
        }),
      );
    },
    async fundPaymentIntent(paymentIntentId, amountCents) {
      const { chargeId } = stripe.state.fundPaymentIntent(paymentIntentId, amountCents);
      if (!chargeId) throw new Error(`${amountCents} cents did not complete ${paymentIntentId}`);
      // Stripe sends both, about the same money: the platform must record it once.
      await deliver(stripe.signedEvent('charge.succeeded', structuredClone(stripe.state.charges.get(chargeId)!)));
      await deliver(stripe.signedEvent('payment_intent.succeeded', structuredClone(stripe.state.paymentIntents.get(paymentIntentId)!)));
    },
  };
}
