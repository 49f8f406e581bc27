import Stripe from 'stripe';
import { DomainError } from '@passerelle/common';
import { paymentProviderUnavailable } from '../billing.errors';

/**
 * Runs a Stripe call and turns its failures into domain errors: Stripe unreachable or failing
 * (retry later, with the same idempotency key) → PAYMENT_PROVIDER_UNAVAILABLE; a request Stripe
 * refuses → PAYMENT_PROVIDER_REFUSED with Stripe's code.
 */
export async function stripeCall<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeIdempotencyError) {
      throw new DomainError('PAYMENT_PROVIDER_REFUSED', 'business_rule', 'Le prestataire de paiement a refusé la demande.', {
        stripeCode: error.code ?? null,
        param: error.param ?? null,
      });
    }
    throw paymentProviderUnavailable(error instanceof Error ? error.message : String(error));
  }
}
