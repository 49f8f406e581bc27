import { startBillingTestKit, startTestApi, type BillingTestKit } from '@passerelle/testing';

describe('POST /webhooks/stripe', () => {
  let kit: BillingTestKit;

  beforeAll(async () => {
    kit = await startBillingTestKit();
  });
  afterAll(() => kit.close());

  const count = async (sql: string, params: unknown[] = []) => (await kit.api.dataSource.query(sql, params))[0].n as number;
  const storedEvents = (id: string) => count('SELECT count(*)::int AS n FROM stripe_events WHERE id = $1', [id]);
  const outboxRows = (id: string) => count("SELECT count(*)::int AS n FROM outbox WHERE payload->>'eventId' = $1", [id]);

  it('answers 400 STRIPE_SIGNATURE_INVALID and stores nothing for a bad, missing or foreign signature', async () => {
    const signed = kit.stripe.signedEvent('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' });
    const foreign = kit.stripe.signedEvent('payment_intent.succeeded', { id: 'pi_2' }, { secret: 'whsec_someoneelse' });
    const tampered = { payload: signed.payload.replace('pi_1', 'pi_9'), signature: signed.signature };
    for (const attempt of [tampered, foreign, { payload: signed.payload, signature: '' }, { payload: signed.payload, signature: 't=1,v1=abc' }]) {
      const response = await kit.postEvent(attempt);
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 400, code: 'STRIPE_SIGNATURE_INVALID' });
    }
    expect(await storedEvents(signed.event.id)).toBe(0);
    expect(await storedEvents(foreign.event.id)).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM stripe_events')).toBe(0);
  });

  it('stores an event once however often it is delivered (100 concurrent deliveries), and the worker applies it once', async () => {
    const signed = kit.stripe.signedEvent('payment_intent.processing', { id: 'pi_3', object: 'payment_intent' });
    const responses = await Promise.all(Array.from({ length: 100 }, () => kit.postEvent(signed)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    expect(responses.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(await storedEvents(signed.event.id)).toBe(1);
    expect(await outboxRows(signed.event.id)).toBe(1);
    // An event that moves no money (processing) is only recorded: stored and marked processed.
    expect(await kit.processed(signed.event.id)).toBe('recorded');
    const again = await kit.postEvent(signed);
    expect(again.json()).toEqual({ received: true, duplicate: true });
    expect(await outboxRows(signed.event.id)).toBe(1);
    const [row] = await kit.api.dataSource.query('SELECT type, livemode, payload FROM stripe_events WHERE id = $1', [signed.event.id]);
    expect(row).toMatchObject({ type: 'payment_intent.processing', livemode: false, payload: { data: { object: { id: 'pi_3' } } } });
  });

  it('answers 503 STRIPE_WEBHOOKS_DISABLED when no webhook secret is configured', async () => {
    const plain = await startTestApi();
    try {
      const signed = kit.stripe.signedEvent('account.updated', { id: 'acct_1' });
      const response = await plain.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
        payload: signed.payload,
      });
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 503, code: 'STRIPE_WEBHOOKS_DISABLED' });
    } finally {
      await plain.close();
    }
  });
});
