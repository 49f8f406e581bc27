import { startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { mediatorWithPlace, offerBody, patchOffer, postOffer, putCap } from './offers-test-kit';

/** Active or paused commercial offers priced above the cap in force for their procedure and département. */
const OVER_CAP_SQL = `
  SELECT o.id, o.price_cents, o.status, cap.max_price_cents
    FROM offers o
    JOIN places p ON p.id = o.place_id
    CROSS JOIN LATERAL (
      SELECT c.max_price_cents FROM price_caps c
       WHERE c.procedure_code = o.procedure_code AND (c.departement = p.departement OR c.departement IS NULL)
       ORDER BY c.departement NULLS LAST LIMIT 1
    ) cap
   WHERE o.pricing_kind = 'commercial' AND o.status IN ('active', 'paused') AND o.price_cents > cap.max_price_cents`;

describe('price caps under concurrency (invariant 8)', () => {
  let api: TestApi;
  let admin: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.loginAs('admin');
  });
  afterAll(() => api.close());

  it('never leaves an active or paused offer above the cap while caps are lowered during offer writes', async () => {
    const procedure = 'declaration-revenus';
    const sellers = await Promise.all(['75011', '29200', '69003', '29000'].map((postcode) => mediatorWithPlace(api, postcode)));
    expect((await putCap(api, admin, procedure, 6000)).statusCode).toBe(200);
    // Existing offers across the price range, to be edited during the race.
    const existing: { id: string; seller: (typeof sellers)[number] }[] = [];
    for (let index = 0; index < 12; index++) {
      const seller = sellers[index % sellers.length]!;
      const response = await postOffer(api, seller.mediator, offerBody(seller.place.id, procedure, 2000 + index * 300));
      expect(response.statusCode).toBe(201);
      existing.push({ id: response.json().id, seller });
    }

    const rounds = [
      { national: 4000, finistere: 3000 },
      { national: 3000, finistere: 2500 },
      { national: 3500, finistere: 2000 },
    ];
    const statuses: { status: number; code?: string }[] = [];
    for (const [round, caps] of rounds.entries()) {
      const writes: Promise<{ statusCode: number; json(): { code?: string } }>[] = [];
      for (let index = 0; index < 20; index++) {
        const seller = sellers[index % sellers.length]!;
        // Prices straddle every cap of the round, deterministically.
        const price = 1800 + ((index * 7 + round * 3) % 20) * 150;
        writes.push(
          index % 2 === 0
            ? postOffer(api, seller.mediator, offerBody(seller.place.id, procedure, price))
            : patchOffer(api, existing[index % existing.length]!.seller.mediator, existing[index % existing.length]!.id, {
                pricing: { kind: 'commercial', priceCents: price },
              }),
        );
        if (index === 5) writes.push(putCap(api, admin, procedure, caps.national, undefined, `Round ${round}`));
        if (index === 12) writes.push(putCap(api, admin, procedure, caps.finistere, '29', `Round ${round} (29)`));
      }
      for (const response of await Promise.all(writes)) statuses.push({ status: response.statusCode, code: response.json().code });
      expect(await api.dataSource.query(OVER_CAP_SQL)).toEqual([]);
    }

    for (const { status, code } of statuses) {
      if (status >= 400) expect({ status, code }).toEqual({ status: 422, code: expect.stringMatching(/^(PRICE_ABOVE_CAP|OFFER_SUSPENDED_OVER_CAP)$/) });
      else expect([200, 201]).toContain(status);
    }
    // Every change is in the history, and the caps in force are the last ones set.
    const [{ n }] = await api.dataSource.query('SELECT count(*)::int AS n FROM price_cap_history WHERE procedure_code = $1', [procedure]);
    expect(n).toBe(1 + rounds.length * 2);
    const inForce = await api.dataSource.query(
      'SELECT departement, max_price_cents FROM price_caps WHERE procedure_code = $1 ORDER BY departement NULLS FIRST',
      [procedure],
    );
    expect(inForce).toEqual([
      { departement: null, max_price_cents: '3500' },
      { departement: '29', max_price_cents: '2000' },
    ]);
  });

  it('never leaves an offer above the cap while places move between départements during offer writes and cap changes', async () => {
    const procedure = 'carte-grise-changement-adresse';
    const sellers = await Promise.all([1, 2, 3].map(() => mediatorWithPlace(api, '75011')));
    expect((await putCap(api, admin, procedure, 5000)).statusCode).toBe(200);
    expect((await putCap(api, admin, procedure, 3500, '29', 'Finistère')).statusCode).toBe(200);
    const existing: { id: string; seller: (typeof sellers)[number] }[] = [];
    for (let index = 0; index < 9; index++) {
      const seller = sellers[index % sellers.length]!;
      const response = await postOffer(api, seller.mediator, offerBody(seller.place.id, procedure, 2500 + index * 250));
      expect(response.statusCode).toBe(201);
      existing.push({ id: response.json().id, seller });
    }
    const locations = [
      { postcode: '29000', inseeCode: '29232', commune: 'Quimper' },
      { postcode: '75011', inseeCode: '75111', commune: 'Paris' },
    ];
    const statuses: { status: number; code?: string }[] = [];
    for (let round = 0; round < 4; round++) {
      const writes: Promise<{ statusCode: number; json(): { code?: string } }>[] = [];
      for (let index = 0; index < 18; index++) {
        const seller = sellers[index % sellers.length]!;
        const price = 2400 + ((index * 5 + round * 7) % 12) * 250;
        if (index % 3 === 0) {
          writes.push(
            api.app.inject({
              method: 'PATCH',
              url: `/places/${seller.place.id}`,
              headers: seller.mediator.headers,
              payload: locations[(index + round) % 2],
            }),
          );
        } else if (index % 3 === 1) {
          writes.push(postOffer(api, seller.mediator, offerBody(seller.place.id, procedure, price)));
        } else {
          const target = existing[index % existing.length]!;
          writes.push(patchOffer(api, target.seller.mediator, target.id, { pricing: { kind: 'commercial', priceCents: price } }));
        }
        // Finistère's cap goes up and down while the places come and go.
        if (index % 3 === 0) writes.push(putCap(api, admin, procedure, (index + round) % 2 === 0 ? 3000 : 4000, '29', `Round ${round}.${index}`));
      }
      for (const response of await Promise.all(writes)) statuses.push({ status: response.statusCode, code: response.json().code });
      expect(await api.dataSource.query(OVER_CAP_SQL)).toEqual([]);
    }
    for (const { status, code } of statuses) {
      if (status >= 400) expect({ status, code }).toEqual({ status: 422, code: expect.stringMatching(/^(PRICE_ABOVE_CAP|OFFER_SUSPENDED_OVER_CAP)$/) });
      else expect([200, 201]).toContain(status);
    }
    const [{ moves }] = await api.dataSource.query(
      'SELECT count(*)::int AS moves FROM place_departement_changes WHERE place_id = ANY($1)',
      [sellers.map((seller) => seller.place.id)],
    );
    expect(moves).toBeGreaterThan(0);
  });
});
