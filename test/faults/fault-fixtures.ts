import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import {
  TEST_PASSWORD,
  createOffer,
  createOrganisation,
  createPlace,
  createStructure,
  createTestDatabase,
  createUser,
  isolatedName,
  openEveryDay,
  startApiProcess,
  startSmtpSink,
  startWorkerProcess,
  testConfig,
  testEnvironment,
  type ApiProcess,
  type AppProcess,
  type OfferRow,
  type SmtpSink,
  type TestDatabase,
  type UserRow,
} from '@passerelle/testing';

/** A plain DataSource on a test database, for the factories and for reading rows. */
export async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  return dataSource.initialize();
}

/** An active funded offer open every day 09:00–12:00 with room for `capacity` people a slot. */
export async function openOffer(dataSource: DataSource, capacity: number): Promise<OfferRow> {
  const organisation = await createOrganisation(dataSource, 'structure');
  const structure = await createStructure(dataSource, { organisationId: organisation.id });
  const place = await createPlace(dataSource, structure.id);
  const offer = await createOffer(dataSource, { id: place.id, structure_id: structure.id });
  await openEveryDay(dataSource, offer.id, { capacity });
  return offer;
}

export interface Session {
  user: UserRow;
  accessToken: string;
  refreshToken: string;
}

export async function postJson(url: string, body: unknown, accessToken?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken && { authorization: `Bearer ${accessToken}` }) },
    body: JSON.stringify(body),
  });
}

/** Logs a user in over HTTP (a factory-made one unless its password is given). */
export async function login(apiUrl: string, user: UserRow, password = TEST_PASSWORD): Promise<Session> {
  const response = await postJson(`${apiUrl}/auth/login`, { email: user.email, password });
  if (response.status !== 200) throw new Error(`login of ${user.email}: ${response.status} ${await response.text()}`);
  return { user, ...((await response.json()) as { accessToken: string; refreshToken: string }) };
}

/** Beneficiary accounts, logged in over HTTP. */
export async function beneficiaries(dataSource: DataSource, apiUrl: string, count: number): Promise<Session[]> {
  const users = await Promise.all(Array.from({ length: count }, () => createUser(dataSource, { role: 'beneficiary' })));
  return Promise.all(users.map((user) => login(apiUrl, user)));
}

export async function health(apiUrl: string): Promise<{ status: number; body: { postgres?: string; redis?: string } }> {
  const response = await fetch(`${apiUrl}/health`);
  return { status: response.status, body: (await response.json()) as { postgres?: string; redis?: string } };
}

/**
 * A test database, an SMTP sink, and the API and worker as processes on them (outbox relayed every
 * 100 ms). Whatever started is stopped by stop(), even when something else failed to start.
 */
export class ProcessStack {
  db?: TestDatabase;
  sink?: SmtpSink;
  api?: ApiProcess;
  worker?: AppProcess;
  dataSource?: DataSource;
  env: Record<string, string> = {};
  config?: AppConfig;
  private readonly queues: Queue[] = [];

  async start(overrides: Record<string, string> = {}): Promise<this> {
    await Promise.all([createTestDatabase().then((db) => (this.db = db)), startSmtpSink().then((sink) => (this.sink = sink))]);
    const prefix = isolatedName('redis');
    const settings = { SMTP_URL: this.sink!.url, OUTBOX_RELAY_INTERVAL_MS: '100', ...overrides };
    this.env = testEnvironment(this.db!.name, prefix, settings);
    this.config = testConfig(this.db!.name, prefix, settings);
    await Promise.all([
      startApiProcess(this.env).then((api) => (this.api = api)),
      startWorkerProcess(this.env).then((worker) => (this.worker = worker)),
      openDataSource(this.db!.url).then((dataSource) => (this.dataSource = dataSource)),
    ]);
    return this;
  }

  /** A BullMQ queue of the apps' Redis and prefix, closed by stop(). */
  queue(name: string): Queue {
    const queue = new Queue(name, { prefix: bullPrefix(this.config!), connection: redisConnectionOptions(this.config!) });
    queue.on('error', () => undefined);
    this.queues.push(queue);
    return queue;
  }

  async stop(): Promise<void> {
    await Promise.all([this.api?.kill('SIGKILL'), this.worker?.kill('SIGKILL')]);
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.dataSource?.destroy();
    await this.sink?.close();
    await this.db?.drop();
  }
}
