import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import {
  TEST_PASSWORD,
  createCompletedBooking,
  createCredential,
  createOffer,
  createOrganisation,
  createPlace,
  createStructure,
  createUser,
  eventually,
  openEveryDay,
  parisDayFromNow,
  parisInstant,
  uniqueEmail,
  type ApiProcess,
  type AppProcess,
  type SmtpSink,
} from '@passerelle/testing';
import { programBody } from '../../apps/api/src/vouchers/vouchers-test-kit';
import { ProcessStack, login, postJson, type Session } from './fault-fixtures';

const secret = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`;

describe('secrets and personal data: never in the logs, never in job payloads', () => {
  const stack = new ProcessStack();
  let api: ApiProcess;
  let worker: AppProcess;
  let sink: SmtpSink;
  let dataSource: DataSource;
  let redis: Redis;

  beforeAll(async () => {
    await stack.start({ LOG_LEVEL: 'debug' });
    ({ api, worker, sink, dataSource } = stack as Required<ProcessStack>);
    redis = new Redis(redisConnectionOptions(stack.config!));
  }, 240_000);
  afterAll(async () => {
    redis?.disconnect();
    await stack.stop();
  });

  async function call(method: string, path: string, session?: Session, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(session && { authorization: `Bearer ${session.accessToken}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** The answer's body, once it is a 2xx. */
  async function ok<T>(response: Promise<Response>): Promise<T> {
    const answer = await response;
    const text = await answer.text();
    if (answer.status < 200 || answer.status > 299) throw new Error(`${answer.url}: ${answer.status} ${text}`);
    return (answer.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  }

  /** Every `data` field of every job hash of every queue of this test's prefix. */
  async function jobPayloads(): Promise<string[]> {
    const payloads: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix(stack.config!)}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        if ((await redis.type(key)) !== 'hash') continue;
        const data = await redis.hget(key, 'data');
        if (data !== null) payloads.push(data);
      }
    } while (cursor !== '0');
    return payloads;
  }

  it('keeps passwords, tokens and voucher codes out of both processes’ logs, and personal data out of Redis', async () => {
    const secrets: string[] = [TEST_PASSWORD];
    const personal: string[] = [];

    // Sign-up, login, a failed login, refresh, /me, logout.
    const password = secret('pw');
    const email = uniqueEmail('camille');
    const name = `Camille ${secret('Nom')}`;
    secrets.push(password);
    personal.push(email, name);
    const signedUp = await ok<{ accessToken: string; refreshToken: string }>(postJson(`${api.url}/auth/register`, { email, password, displayName: name }));
    const wrongPassword = secret('wrong');
    secrets.push(wrongPassword, signedUp.accessToken, signedUp.refreshToken);
    expect((await postJson(`${api.url}/auth/login`, { email, password: wrongPassword })).status).toBe(401);
    const loggedIn = await ok<{ accessToken: string; refreshToken: string }>(postJson(`${api.url}/auth/login`, { email, password }));
    const refreshed = await ok<{ accessToken: string; refreshToken: string }>(postJson(`${api.url}/auth/refresh`, { refreshToken: loggedIn.refreshToken }));
    secrets.push(loggedIn.accessToken, loggedIn.refreshToken, refreshed.accessToken, refreshed.refreshToken);
    const camille: Session = { user: { id: '', email, displayName: name, roles: ['beneficiary'] }, ...refreshed };
    await ok(call('GET', '/me', camille));
    expect((await call('GET', '/me', undefined, undefined, { authorization: `Bearer ${signedUp.accessToken}x` })).status).toBe(401);

    // An admin registers a funder and its prescriber (with a password); the funder issues a batch.
    const admin = await login(api.url, await createUser(dataSource, { role: 'admin' }));
    secrets.push(admin.accessToken, admin.refreshToken);
    const funder = await ok<{ id: string }>(
      call('POST', '/admin/funders', admin, {
        legalName: 'Département de la Gironde',
        siret: '22330001300016',
        sector: 'public',
        billingAddress: '1 esplanade Charles-de-Gaulle, 33000 Bordeaux',
      }),
    );
    const prescriberEmail = uniqueEmail('prescriber');
    const prescriberName = `Prescriptrice ${secret('Nom')}`;
    const prescriberPassword = secret('pw');
    secrets.push(prescriberPassword);
    personal.push(prescriberEmail, prescriberName);
    await ok(call('POST', `/admin/funders/${funder.id}/members`, admin, { email: prescriberEmail, password: prescriberPassword, displayName: prescriberName, role: 'prescriber' }));
    const prescriber = await login(api.url, { id: '', email: prescriberEmail, displayName: prescriberName, roles: ['prescriber'] }, prescriberPassword);
    const staff = await login(api.url, await createUser(dataSource, { role: 'funder', organisationId: funder.id }));
    secrets.push(prescriber.accessToken, prescriber.refreshToken, staff.accessToken, staff.refreshToken);
    const program = await ok<{ id: string }>(
      call('POST', '/programs', staff, programBody({ requiredCredentials: ['aptic'] })),
    );
    const batch = await ok<{ id: string }>(call('POST', `/programs/${program.id}/batches`, staff, { count: 3 }));
    const csv = await ok<string>(call('GET', `/batches/${batch.id}/vouchers.csv`, staff));
    const codes = [...csv.matchAll(/\b[0-9A-HJ-NP-Z]{4}-[0-9A-HJ-NP-Z]{4}-[0-9A-HJ-NP-Z]{4}\b/g)].map((match) => match[0]);
    expect(codes).toHaveLength(3);
    const [assigned, redeemed, other] = codes as [string, string, string];
    secrets.push(...codes, ...codes.map((code) => code.replace(/-/g, '')));

    // The prescriber hands a voucher to a person without an account, and books for them.
    const personName = `Josette ${secret('Nom')}`;
    const personPhone = `+3361${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
    personal.push(personName, personPhone);
    await ok(call('POST', `/vouchers/${assigned}/assign`, prescriber, { beneficiaryName: personName, beneficiaryPhone: personPhone }));

    const organisation = await createOrganisation(dataSource, 'structure');
    const mediatorUser = await createUser(dataSource, { role: 'mediator', organisationId: organisation.id });
    const structure = await createStructure(dataSource, { organisationId: organisation.id });
    await createCredential(dataSource, structure.id, (await createUser(dataSource, { role: 'admin' })).id, { kind: 'aptic' });
    const place = await createPlace(dataSource, structure.id, { postcode: '33000', commune: 'Bordeaux', inseeCode: '33063' });
    const offer = await createOffer(dataSource, { id: place.id, structure_id: structure.id });
    await openEveryDay(dataSource, offer.id, { capacity: 5 });
    const mediator = await login(api.url, mediatorUser);
    secrets.push(mediator.accessToken, mediator.refreshToken);
    const startsAt = parisInstant(parisDayFromNow(7), '09:00').toISOString();
    const booked = [
      await ok<{ id: string }>(call('POST', '/bookings', prescriber, { offerId: offer.id, startsAt, beneficiary: { name: personName, phone: personPhone } })),
      await ok<{ id: string }>(call('POST', '/bookings', camille, { offerId: offer.id, startsAt })),
    ];

    // The mediator redeems a voucher against a completed booking, replays it, and mistypes another.
    const done = await createCompletedBooking(dataSource, { id: offer.id, structureId: structure.id, placeId: place.id, procedureCode: 'carte-grise-changement-titulaire' });
    const key = secret('idem');
    await ok(call('POST', '/vouchers/redeem', mediator, { code: redeemed, bookingId: done.id }, { 'idempotency-key': key }));
    await ok(call('POST', '/vouchers/redeem', mediator, { code: redeemed, bookingId: done.id }, { 'idempotency-key': key }));
    const typo = `${other.slice(0, -1)}${other.endsWith('A') ? 'B' : 'A'}`;
    secrets.push(typo);
    expect((await call('POST', '/vouchers/redeem', mediator, { code: typo, bookingId: done.id }, { 'idempotency-key': secret('idem') })).status).toBeGreaterThanOrEqual(400);
    expect((await call('POST', `/vouchers/${other.toLowerCase()}/cancel`, staff, {})).status).toBeLessThan(500);
    await ok(call('POST', '/auth/logout', camille, { refreshToken: refreshed.refreshToken }));

    // Let the worker do its part: welcome emails, confirmations (email and SMS), reminders queued.
    await eventually(
      async () => {
        const [{ n }] = await dataSource.query("SELECT count(*)::int AS n FROM notification_log WHERE status = 'sent' AND template LIKE 'booking-confirmation'");
        return n >= 3;
      },
      'the booking confirmations to be sent',
    );
    await sink.waitFor(3);

    const logs = { api: api.output(), worker: worker.output() };
    // The flow was logged (request lines, job events), so an absence below means something.
    expect(logs.api).toContain('"path":"/auth/refresh"');
    expect(logs.worker).toContain('"service":"worker"');
    for (const [service, text] of Object.entries(logs)) {
      const leaked = secrets.filter((value) => text.includes(value));
      expect({ service, leaked }).toEqual({ service, leaked: [] });
      const personalLeaked = personal.filter((value) => text.includes(value));
      expect({ service, personalLeaked }).toEqual({ service, personalLeaked: [] });
    }

    const payloads = await jobPayloads();
    expect(payloads.length).toBeGreaterThanOrEqual(booked.length * 2);
    for (const value of [...personal, ...secrets]) expect(payloads.filter((payload) => payload.includes(value))).toEqual([]);
  });
});
