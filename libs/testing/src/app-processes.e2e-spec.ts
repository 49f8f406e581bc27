import { Client } from 'pg';
import {
  createTestDatabase,
  eventually,
  isolatedName,
  startApiProcess,
  startSmtpSink,
  startWorkerProcess,
  testEnvironment,
  type ApiProcess,
  type AppProcess,
  type SmtpSink,
  type TestDatabase,
} from '@passerelle/testing';

describe('app processes: the compiled API and worker as separate processes', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let api: ApiProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    sink = await startSmtpSink();
    const env = testEnvironment(db.name, isolatedName('redis'), { SMTP_URL: sink.url, OUTBOX_RELAY_INTERVAL_MS: '50' });
    [api, worker] = await Promise.all([startApiProcess(env), startWorkerProcess(env)]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([api?.kill('SIGKILL'), worker?.kill('SIGKILL')]);
    await sink?.close();
    await db?.drop();
  });

  it('serves HTTP, relays the outbox to the worker, which sends the mail, then both stop cleanly on SIGTERM', async () => {
    const email = `process-${Date.now()}@example.org`;
    const response = await fetch(`${api.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', displayName: 'Process Test' }),
    });
    expect(response.status).toBe(201);
    await eventually(async () => sink.messages.some((message) => message.to.includes(email)), 'the welcome email');

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("SELECT status FROM notification_log WHERE template = 'welcome'");
    await client.end();
    expect(rows).toEqual([{ status: 'sent' }]);

    expect(api.output()).toMatch(/"path":"\/auth\/register"\},"service":"api","res":\{"statusCode":201\}/);
    // Nest's shutdown hooks re-raise the signal once the app is closed; the worker exits by itself.
    const [apiExit, workerExit] = await Promise.all([api.kill('SIGTERM'), worker.kill('SIGTERM')]);
    expect(apiExit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(workerExit).toEqual({ code: 0, signal: null });
    expect(api.output()).not.toMatch(/"level":50/);
  });
});
