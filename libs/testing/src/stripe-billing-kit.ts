import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BILLING_QUEUE } from '@passerelle/billing';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createWorkerApp } from '../../../apps/worker/src/worker-app';
import { validSiret } from './catalog-factories';
import { startStripeTestServer, type SignedStripeEvent, type StripeTestServer } from './stripe-test-server';
import { startTestApi, type LoggedIn, type TestApi } from './test-api';

/** The API and the worker on one database and Redis prefix, both pointed at a Stripe test server. */
export interface BillingTestKit {
  api: TestApi;
  stripe: StripeTestServer;
  postEvent(signed: Pick<SignedStripeEvent, 'payload' | 'signature'>): ReturnType<TestApi['app']['inject']>;
  /** A mediator with a structure of its own. */
  mediatorWithStructure(): Promise<{ mediator: LoggedIn; structureId: string }>;
  /** Waits until the worker has processed the stored event; returns its outcome. */
  processed(eventId: string): Promise<string>;
  /** Finishes the connected account's onboarding at Stripe and has its account.updated event applied. */
  payoutAccountReady(accountId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBillingTestKit(): Promise<BillingTestKit> {
  const stripe = await startStripeTestServer();
  const api = await startTestApi({ ...stripe.env(), OUTBOX_RELAY_INTERVAL_MS: '50' });
  const worker: INestApplicationContext = await createWorkerApp(api.config);
  const queue = new Queue(BILLING_QUEUE, { prefix: bullPrefix(api.config), connection: redisConnectionOptions(api.config) });

  const kit: BillingTestKit = {
    api,
    stripe,
    postEvent: ({ payload, signature }) =>
      api.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
        payload,
      }),
    async mediatorWithStructure() {
      const mediator = await api.loginAs('mediator');
      const created = await api.app.inject({
        method: 'POST',
        url: '/structures',
        headers: mediator.headers,
        payload: { name: 'EPN Roquette', siret: validSiret() },
      });
      return { mediator, structureId: created.json().id as string };
    },
    async processed(eventId) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [row] = await api.dataSource.query('SELECT outcome FROM stripe_events WHERE id = $1 AND processed_at IS NOT NULL', [eventId]);
        if (row) return row.outcome as string;
        if (Date.now() > deadline) throw new Error(`event ${eventId} was not processed`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async payoutAccountReady(accountId) {
      const account = stripe.state.accounts.get(accountId)!;
      const event = stripe.updateAccount(accountId, {
        details_submitted: true,
        payouts_enabled: true,
        charges_enabled: true,
        requirements: { ...account.requirements!, currently_due: [], disabled_reason: null },
      });
      const posted = await kit.postEvent(event);
      const outcome = await kit.processed(event.event.id);
      if (posted.statusCode !== 200 || outcome !== 'applied') throw new Error(`account.updated of ${accountId}: ${posted.statusCode}, ${outcome}`);
    },
    async close() {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await api.close();
      await stripe.close();
    },
  };
  return kit;
}
