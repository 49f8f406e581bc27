import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { decodeStripeForm, type FormObject } from './stripe-form';
import { StripeTestState, invalidRequest, stripeId, type StripeReply } from './stripe-test-objects';

/** One request as the server received it, for tests to assert what we sent. */
export interface RecordedStripeRequest {
  method: string;
  path: string;
  params: FormObject;
  idempotencyKey: string | undefined;
  stripeAccount: string | undefined;
  stripeVersion: string | undefined;
  /** True when the answer was a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** `server_error`: a 500 before any work (a retry may succeed). `timeout`: the work is done, the answer never comes. */
export type StripeFailure = 'server_error' | 'timeout';

export interface SignedStripeEvent {
  event: Stripe.Event;
  payload: string;
  signature: string;
}

export interface StripeTestServer {
  readonly url: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly state: StripeTestState;
  readonly requests: RecordedStripeRequest[];
  /** The variables that point the apps at this server (STRIPE_*). */
  env(): Record<string, string>;
  /** A real SDK client pointed at this server. */
  client(options?: { maxNetworkRetries?: number; timeout?: number }): Stripe;
  /** The next `times` requests to `method path` (path without query, e.g. `/v1/transfers`) fail this way. */
  failNext(method: string, path: string, failure: StripeFailure, times?: number): void;
  /** A Stripe event with this object, signed like Stripe signs its webhooks. */
  signedEvent(type: string, object: object, options?: { account?: string; created?: number; secret?: string }): SignedStripeEvent;
  /** Changes a connected account (e.g. onboarding finished) and returns the account.updated event Stripe would send. */
  updateAccount(accountId: string, change: Partial<Stripe.Account>, options?: { created?: number }): SignedStripeEvent;
  close(): Promise<void>;
}

type Route = { method: string; pattern: RegExp; handle: (state: StripeTestState, form: FormObject, id: string) => StripeReply };

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v1\/customers$/, handle: (s, f) => s.createCustomer(f) },
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handle: (s, f) => s.createPaymentIntent(f) },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/([\w]+)$/, handle: (s, _f, id) => s.retrievePaymentIntent(id) },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([\w]+)$/, handle: (s, f, id) => s.updatePaymentIntent(id, f) },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([\w]+)\/cancel$/, handle: (s, f, id) => s.cancelPaymentIntent(id, f) },
  { method: 'POST', pattern: /^\/v1\/accounts$/, handle: (s, f) => s.createAccount(f) },
  { method: 'GET', pattern: /^\/v1\/accounts\/([\w]+)$/, handle: (s, _f, id) => s.retrieveAccount(id) },
  { method: 'POST', pattern: /^\/v1\/account_links$/, handle: (s, f) => s.createAccountLink(f) },
  { method: 'POST', pattern: /^\/v1\/transfers$/, handle: (s, f) => s.createTransfer(f) },
  { method: 'GET', pattern: /^\/v1\/transfers\/([\w]+)$/, handle: (s, _f, id) => s.retrieveTransfer(id) },
];

interface StoredReply {
  fingerprint: string;
  reply: StripeReply;
}

const API_VERSION = Stripe.API_VERSION;

/**
 * A local HTTP server speaking the few Stripe endpoints Passerelle calls, form-encoded like Stripe,
 * for the real `stripe` SDK (host/port/protocol options). It keeps state, answers in Stripe's shapes,
 * replays a repeated Idempotency-Key (and refuses one reused with other parameters), records every
 * request and can be told to fail. It does not model fund availability, KYC or timing.
 */
export async function startStripeTestServer(): Promise<StripeTestServer> {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const state = new StripeTestState();
  const requests: RecordedStripeRequest[] = [];
  const idempotent = new Map<string, StoredReply>();
  const failures: { key: string; failure: StripeFailure }[] = [];

  const send = (res: ServerResponse, reply: StripeReply, replayed = false) => {
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(7).toString('hex')}`,
      'stripe-version': API_VERSION,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
    res.end(JSON.stringify(reply.body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    const method = req.method ?? 'GET';
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const params = decodeStripeForm(method === 'GET' ? url.search.slice(1) : body);
    const record: RecordedStripeRequest = {
      method,
      path: url.pathname,
      params,
      idempotencyKey: header('idempotency-key'),
      stripeAccount: header('stripe-account'),
      stripeVersion: header('stripe-version'),
      replayed: false,
    };
    requests.push(record);
    if (header('authorization') !== `Bearer ${secretKey}`) {
      return send(res, { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } });
    }
    const failureIndex = failures.findIndex((f) => f.key === `${method} ${url.pathname}`);
    const failure = failureIndex >= 0 ? failures.splice(failureIndex, 1)[0]!.failure : undefined;
    if (failure === 'server_error') {
      return send(res, { status: 500, body: { error: { type: 'api_error', message: 'Simulated failure' } } });
    }
    const storeKey = record.idempotencyKey && method === 'POST' ? `${record.stripeAccount ?? ''}|${record.idempotencyKey}` : undefined;
    const fingerprint = `${method} ${url.pathname} ${body}`;
    const stored = storeKey ? idempotent.get(storeKey) : undefined;
    let reply: StripeReply;
    if (stored && stored.fingerprint !== fingerprint) {
      reply = invalidRequest(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${record.idempotencyKey}' if you meant to execute a different request.`,
        undefined,
        'idempotency_key_in_use',
      );
      (reply.body as { error: { type: string } }).error.type = 'idempotency_error';
    } else if (stored) {
      record.replayed = true;
      reply = stored.reply;
    } else {
      const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
      reply = route
        ? route.handle(state, params, route.pattern.exec(url.pathname)![1] ?? '')
        : invalidRequest(`Unrecognized request URL (${method}: ${url.pathname}).`, undefined, undefined, 404);
      if (storeKey) idempotent.set(storeKey, { fingerprint, reply });
    }
    // The work is done (and stored under its key) but the client never hears back.
    if (failure === 'timeout') return res.socket?.destroy();
    send(res, reply, record.replayed);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const signer = new Stripe(secretKey);

  const signedEvent: StripeTestServer['signedEvent'] = (type, object, options = {}) => {
    const event = {
      id: stripeId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: options.created ?? Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      ...(options.account ? { account: options.account } : {}),
    } as unknown as Stripe.Event;
    const payload = JSON.stringify(event, null, 2);
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? webhookSecret });
    return { event, payload, signature };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    webhookSecret,
    state,
    requests,
    env: () => ({
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    }),
    client: (options = {}) =>
      new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', telemetry: false, maxNetworkRetries: 0, ...options }),
    failNext(method, path, failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push({ key: `${method} ${path}`, failure });
    },
    signedEvent,
    updateAccount(accountId, change, options = {}) {
      const account = state.accounts.get(accountId);
      if (!account) throw new Error(`no account ${accountId}`);
      Object.assign(account, change);
      return signedEvent('account.updated', structuredClone(account), { account: accountId, created: options.created });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
