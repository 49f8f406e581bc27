import { loadConfig } from '@passerelle/config';
import { eventually, isolatedName, ownPostgres, startApiProcess, testEnvironment, type ApiProcess, type OwnedPostgres } from '@passerelle/testing';
import { migrate } from '../../apps/cli/src/migrate';
import { health } from './fault-fixtures';

/** Parallel requests of one load wave. */
const WAVE = 40;
/** Generous: a loaded 2-core machine; what matters is that nothing hangs on a dead pool. */
const ANSWER_BOUND_MS = 10_000;

interface Answer {
  status: number;
  code?: string;
  contentType: string;
  ms: number;
}

async function wave(url: string): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: WAVE }, async () => {
      const started = Date.now();
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      const contentType = response.headers.get('content-type') ?? '';
      const body = (await response.json()) as { code?: string };
      return { status: response.status, code: body.code, contentType, ms: Date.now() - started };
    }),
  );
}

describe('fault: PostgreSQL restarted under load', () => {
  let postgres: OwnedPostgres;
  let api: ApiProcess;

  beforeAll(async () => {
    postgres = await ownPostgres();
    await postgres.start();
    const env = testEnvironment('unused', isolatedName('redis'), {
      DATABASE_URL: postgres.url('passerelle_fault'),
      DATABASE_CREATE_IF_MISSING: 'true',
      // The production default: this test is about failing fast.
      DATABASE_CONNECT_TIMEOUT_MS: '3000',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    // The migrate path of `npm start` / `npm run db:migrate`: creates the database, applies the migrations.
    await migrate(loadConfig(undefined, env));
    api = await startApiProcess(env);
  }, 240_000);
  afterAll(async () => {
    await api?.kill('SIGKILL');
    await postgres?.destroy();
  });

  it('answers 503 problem+json quickly while PostgreSQL is down, then recovers without a restart', async () => {
    const route = `${api.url}/procedures`;
    const before = await wave(route);
    expect(before.map((answer) => answer.status)).toEqual(before.map(() => 200));

    // Stop it with the load in flight: some requests finish, the others must fail, none may hang.
    const during = wave(route);
    await postgres.stop();
    const inFlight = await during;
    for (const answer of inFlight) expect([200, 503]).toContain(answer.status);

    const down = await wave(route);
    for (const answer of down) {
      expect(answer).toEqual(expect.objectContaining({ status: 503, code: 'SERVICE_UNAVAILABLE' }));
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
    }
    expect(await health(api.url)).toEqual({ status: 503, body: expect.objectContaining({ postgres: 'down', redis: 'up' }) });

    await postgres.start();
    await eventually(async () => (await health(api.url)).status === 200, 'health 200 once PostgreSQL is back');
    const after = await wave(route);
    expect(after.map((answer) => answer.status)).toEqual(after.map(() => 200));
    expect(api.output()).not.toMatch(/"code":"INTERNAL_ERROR"/);
  });
});
