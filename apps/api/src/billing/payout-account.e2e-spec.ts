import { startBillingTestKit, startTestApi, validSiret, type BillingTestKit } from '@passerelle/testing';

describe('structure payout accounts (Stripe Connect onboarding)', () => {
  let kit: BillingTestKit;

  beforeAll(async () => {
    kit = await startBillingTestKit();
  });
  afterAll(() => kit.close());

  const onboard = (structureId: string, headers: { authorization: string }) =>
    kit.api.app.inject({ method: 'POST', url: `/structures/${structureId}/payout-account`, headers });
  const readiness = async (structureId: string, headers: { authorization: string }) =>
    (await kit.api.app.inject({ method: 'GET', url: `/structures/${structureId}/payout-account`, headers })).json();
  const accountRequests = (structureId: string) =>
    kit.stripe.requests.filter((r) => r.path === '/v1/accounts' && (r.params.metadata as Record<string, string> | undefined)?.structure_id === structureId);
  const accountsAtStripe = (structureId: string) =>
    [...kit.stripe.state.accounts.values()].filter((account) => account.metadata?.structure_id === structureId);

  it('creates the connected account once, even under 10 concurrent calls, and gives a fresh onboarding link each time', async () => {
    const { mediator, structureId } = await kit.mediatorWithStructure();
    const responses = await Promise.all(Array.from({ length: 10 }, () => onboard(structureId, mediator.headers)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const accountIds = new Set(responses.map((r) => r.json().stripeAccountId));
    expect(accountIds.size).toBe(1);
    expect(accountRequests(structureId)).toHaveLength(1);
    expect(accountsAtStripe(structureId)).toHaveLength(1);
    const body = responses[0]!.json();
    expect(body).toMatchObject({ structureId, chargesEnabled: false, payoutsEnabled: false, ready: false });
    expect(body.onboardingUrl).toMatch(/^https:\/\/connect\.stripe\.com\//);
    expect(new Set(responses.map((r) => r.json().onboardingUrl)).size).toBe(10);

    const sent = accountRequests(structureId)[0]!;
    expect(sent.idempotencyKey).toBe(`account:${structureId}`);
    expect(sent.params).toMatchObject({
      country: 'FR',
      controller: { fees: { payer: 'application' }, losses: { payments: 'application' }, stripe_dashboard: { type: 'express' } },
      capabilities: { transfers: { requested: 'true' } },
    });
    const link = kit.stripe.requests.filter((r) => r.path === '/v1/account_links').at(-1)!;
    expect(link.params).toMatchObject({ account: body.stripeAccountId, type: 'account_onboarding' });
    expect(link.params.return_url).toContain(structureId);
  });

  it("answers 404 for another structure's account and 403 to non-mediators", async () => {
    const { structureId } = await kit.mediatorWithStructure();
    const stranger = await kit.api.loginAs('mediator');
    const notMine = await onboard(structureId, stranger.headers);
    expect({ status: notMine.statusCode, code: notMine.json().code }).toEqual({ status: 404, code: 'STRUCTURE_NOT_FOUND' });
    const unknown = await onboard('00000000-0000-4000-8000-000000000000', stranger.headers);
    expect(unknown.statusCode).toBe(404);
    const funder = await kit.api.loginAs('funder');
    expect((await onboard(structureId, funder.headers)).statusCode).toBe(403);
    expect(accountRequests(structureId)).toHaveLength(0);
  });

  it('tracks readiness from signed account.updated events, ignoring duplicates and older events arriving late', async () => {
    const { mediator, structureId } = await kit.mediatorWithStructure();
    const accountId = (await onboard(structureId, mediator.headers)).json().stripeAccountId as string;
    const t0 = Math.floor(Date.now() / 1000);

    const submitted = kit.stripe.updateAccount(
      accountId,
      { details_submitted: true, requirements: { ...kit.stripe.state.accounts.get(accountId)!.requirements!, currently_due: ['external_account'] } },
      { created: t0 + 10 },
    );
    const ready = kit.stripe.updateAccount(
      accountId,
      {
        charges_enabled: true,
        payouts_enabled: true,
        requirements: { ...kit.stripe.state.accounts.get(accountId)!.requirements!, currently_due: [], disabled_reason: null },
      },
      { created: t0 + 20 },
    );
    // Delivered out of order: the newest first, then the older one, then the newest again.
    expect((await kit.postEvent(ready)).statusCode).toBe(200);
    expect(await kit.processed(ready.event.id)).toBe('applied');
    expect((await kit.postEvent(submitted)).statusCode).toBe(200);
    expect(await kit.processed(submitted.event.id)).toBe('stale');
    expect((await kit.postEvent(ready)).json()).toEqual({ received: true, duplicate: true });

    expect(await readiness(structureId, mediator.headers)).toEqual({
      structureId,
      stripeAccountId: accountId,
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
      requirementsDue: [],
      disabledReason: null,
      ready: true,
    });
  });

  it('records account.updated events for accounts that are not ours without touching any structure', async () => {
    const foreign = kit.stripe.signedEvent('account.updated', { id: 'acct_1notours', object: 'account', payouts_enabled: true }, { account: 'acct_1notours' });
    expect((await kit.postEvent(foreign)).statusCode).toBe(200);
    expect(await kit.processed(foreign.event.id)).toBe('unknown_account');
  });

  it('answers 503 PAYMENT_PROVIDER_UNAVAILABLE when Stripe fails, and creates the account once on a later call', async () => {
    const { mediator, structureId } = await kit.mediatorWithStructure();
    kit.stripe.failNext('POST', '/v1/accounts', 'server_error', 3);
    const failed = await onboard(structureId, mediator.headers);
    expect({ status: failed.statusCode, code: failed.json().code }).toEqual({ status: 503, code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    expect((await readiness(structureId, mediator.headers)).stripeAccountId).toBeNull();
    const retried = await onboard(structureId, mediator.headers);
    expect(retried.statusCode).toBe(200);
    // Four attempts under one idempotency key (three failed before any work), one account.
    expect(new Set(accountRequests(structureId).map((r) => r.idempotencyKey))).toEqual(new Set([`account:${structureId}`]));
    expect(accountsAtStripe(structureId)).toHaveLength(1);
    expect(retried.json().stripeAccountId).toBe(accountsAtStripe(structureId)[0]!.id);
  });

  it('answers 409 PAYOUTS_BY_BANK_TRANSFER when the platform has no Stripe key', async () => {
    const plain = await startTestApi();
    try {
      const mediator = await plain.loginAs('mediator');
      const created = await plain.app.inject({ method: 'POST', url: '/structures', headers: mediator.headers, payload: { name: 'EPN', siret: validSiret() } });
      const response = await plain.app.inject({ method: 'POST', url: `/structures/${created.json().id}/payout-account`, headers: mediator.headers });
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 409, code: 'PAYOUTS_BY_BANK_TRANSFER' });
      const read = await plain.app.inject({ method: 'GET', url: `/structures/${created.json().id}/payout-account`, headers: mediator.headers });
      expect(read.json()).toMatchObject({ stripeAccountId: null, ready: false });
    } finally {
      await plain.close();
    }
  });
});
