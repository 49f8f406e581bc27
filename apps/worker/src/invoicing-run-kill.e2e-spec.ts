import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { BILLING_QUEUE, INVOICING_RUN_JOB } from '@passerelle/billing';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import {
  TEST_PASSWORD,
  createFunder,
  createProgramWithVouchers,
  createStructure,
  createTestDatabase,
  createUser,
  ensureAppsBuilt,
  isolatedName,
  redeemVouchers,
  startApiProcess,
  startWorkerProcess,
  testConfig,
  testEnvironment,
  type AppProcess,
  type ApiProcess,
  type TestDatabase,
} from '@passerelle/testing';

const FUNDERS = 40;
const PROGRAMS_PER_FUNDER = 4;
const PROGRAMS = FUNDERS * PROGRAMS_PER_FUNDER;
const VOUCHERS_PER_PROGRAM = 30;
const PERIOD = '2026-06';

describe('worker: an invoicing run killed mid-way (SIGKILL), then run again', () => {
  let db: TestDatabase;
  let setup: DataSource;
  let queue: Queue;
  let events: QueueEvents;
  let adminEmail: string;
  const processes: AppProcess[] = [];
  const redisPrefix = isolatedName('redis');

  beforeAll(async () => {
    ensureAppsBuilt();
    db = await createTestDatabase();
    setup = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const config = testConfig(db.name, redisPrefix);
    queue = new Queue(BILLING_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    events = new QueueEvents(BILLING_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
    await events.waitUntilReady();

    const admin = await createUser(setup, { role: 'admin' });
    adminEmail = admin.email;
    const structures = await Promise.all([1, 2, 3, 4].map(() => createStructure(setup)));
    const [{ code: procedureCode }] = await setup.query('SELECT code FROM procedures ORDER BY code LIMIT 1');
    for (let f = 0; f < FUNDERS; f += 1) {
      const funder = await createFunder(setup);
      for (let p = 0; p < PROGRAMS_PER_FUNDER; p += 1) {
        const { codes } = await createProgramWithVouchers(setup, {
          funderId: funder.id,
          createdBy: admin.id,
          validFrom: '2026-01-01',
          validUntil: '2026-12-31',
          count: VOUCHERS_PER_PROGRAM,
        });
        const structureId = structures[(f + p) % structures.length]!.id;
        await redeemVouchers(setup, { codes, on: { structureId, procedureCode }, redeemedBy: admin.id, redeemedAt: '2026-06-15T10:00:00+02:00' });
      }
    }
  }, 400_000);
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.kill('SIGKILL')));
    await events?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await setup?.destroy();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) => (await setup.query(sql, params))[0].n as number;
  const env = () => testEnvironment(db.name, redisPrefix, { DATABASE_POOL_SIZE: '10' });

  /** Each committed invoice is whole: its lines count exactly its vouchers, and its journal is posted. */
  async function expectWholeInvoices(): Promise<void> {
    const partial = await count(`
      SELECT count(*)::int AS n FROM invoices i
       WHERE (SELECT coalesce(sum(quantity), 0) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.structure_id IS NOT NULL)
               <> (SELECT count(*) FROM vouchers v WHERE v.invoice_id = i.id)
          OR NOT EXISTS (SELECT 1 FROM ledger_journals j WHERE j.event_key = 'invoice:' || i.id)`);
    expect(partial).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM vouchers WHERE status = 'invoiced' AND invoice_id IS NULL")).toBe(0);
  }

  it('leaves whole invoices or none, then ends with one invoice per funder, program and period, numbered without a gap', async () => {
    const first = await startWorkerProcess(env());
    processes.push(first);
    await queue.add(INVOICING_RUN_JOB, { period: PERIOD });
    // Kill as soon as a few invoices are committed: with 160 programs the run is then mid-way.
    for (let polls = 0; (await count('SELECT count(*)::int AS n FROM invoices')) < 5; polls += 1) {
      if (polls > 12_000) throw new Error(`the run did not start:\n${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    // PostgreSQL ends the dead worker's sessions; an open invoice transaction is rolled back whole.
    for (let polls = 0; await count("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'", [db.name]); polls += 1) {
      if (polls > 400) throw new Error('the killed worker left a transaction open');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const committed = await count('SELECT count(*)::int AS n FROM invoices');
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(PROGRAMS);
    await expectWholeInvoices();

    // Run again, twice at once: the job on a new worker and the admin route on the API.
    const [second, api] = await Promise.all([startWorkerProcess(env()), startApiProcess(env())]);
    processes.push(second, api);
    const token = await login(api);
    const job = await queue.add(INVOICING_RUN_JOB, { period: PERIOD });
    const [jobResult, response] = await Promise.all([
      job.waitUntilFinished(events, 120_000) as Promise<{ created: number }>,
      fetch(`${api.url}/admin/invoicing-runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ period: PERIOD }),
      }),
    ]);
    expect(response.status).toBe(200);
    const routeResult = (await response.json()) as { created: unknown[]; failed: unknown[] };
    expect(routeResult.failed).toEqual([]);
    expect(jobResult.created + routeResult.created.length).toBe(PROGRAMS - committed);

    await expectWholeInvoices();
    const perKey: { n: number }[] = await setup.query('SELECT count(*)::int AS n FROM invoices GROUP BY funder_id, program_id, period_start');
    expect(perKey).toHaveLength(PROGRAMS);
    expect(perKey.every((row) => row.n === 1)).toBe(true);
    const numbers = ((await setup.query('SELECT number FROM invoices ORDER BY number')) as { number: string }[]).map((row) => row.number);
    const year = numbers[0]!.slice(4, 8);
    expect(numbers).toEqual(Array.from({ length: PROGRAMS }, (_, i) => `PAS-${year}-${String(i + 1).padStart(6, '0')}`));
    // Every redeemed voucher invoiced exactly once, on its program's invoice (the foreign key holds the program).
    expect(await count("SELECT count(*)::int AS n FROM vouchers WHERE status = 'invoiced'")).toBe(PROGRAMS * VOUCHERS_PER_PROGRAM);
    expect(await count("SELECT count(*)::int AS n FROM vouchers WHERE status <> 'invoiced'")).toBe(0);
    // Every journal balanced, one per invoice; nothing left unbilled, and each funder owes its invoices.
    expect(
      await count(`SELECT count(*)::int AS n FROM (SELECT journal_id FROM ledger_entries GROUP BY journal_id HAVING sum(amount_cents) <> 0) unbalanced`),
    ).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM ledger_journals WHERE kind = 'invoice_issued'")).toBe(PROGRAMS);
    expect(await count("SELECT count(*)::int AS n FROM ledger_entries WHERE account = 'funder_unbilled' GROUP BY party_id HAVING sum(amount_cents) <> 0 UNION ALL SELECT 0")).toBe(0);
    const owed = await count(`
      SELECT count(*)::int AS n FROM (
        SELECT i.funder_id, sum(i.total_gross_cents) AS invoiced,
               (SELECT sum(amount_cents) FROM ledger_entries e WHERE e.account = 'funder_receivable' AND e.party_id = i.funder_id) AS receivable
          FROM invoices i GROUP BY i.funder_id) balances
       WHERE invoiced IS DISTINCT FROM receivable`);
    expect(owed).toBe(0);
  }, 240_000);

  async function login(api: ApiProcess): Promise<string> {
    const response = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: TEST_PASSWORD }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
});
