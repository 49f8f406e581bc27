import type { Provider } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '@passerelle/config';

/** Injection token of the Stripe SDK instance, or `null` when no key is configured (bank-transfer mode). */
export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/** What STRIPE_CLIENT holds. */
export type StripeClient = Stripe | null;

export function createStripeClient(config: AppConfig): StripeClient {
  const { secretKey, api } = config.stripe;
  if (secretKey === undefined) return null;
  return new Stripe(secretKey, {
    ...(api.host !== undefined ? { host: api.host } : {}),
    ...(api.port !== undefined ? { port: api.port } : {}),
    protocol: api.protocol,
    telemetry: false,
    // Money-moving calls carry our own idempotency keys, so the SDK's retries never double them.
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

export const stripeClientProvider: Provider = {
  provide: STRIPE_CLIENT,
  inject: [AppConfig],
  useFactory: createStripeClient,
};
