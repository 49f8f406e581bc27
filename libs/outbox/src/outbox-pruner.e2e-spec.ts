import { startTestApi, type TestApi } from '@passerelle/testing';
import { OUTBOX_PRUNE_BATCH, OutboxPruner } from './outbox-pruner.service';

describe('outbox pruning (real database)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ OUTBOX_RETENTION_DAYS: '3' });
  });
  afterAll(() => api.close());

  /** `count` messages of this ref, created and (unless null) relayed that many days ago. */
  async function messages(ref: string, count: number, relayedDaysAgo: number | null): Promise<void> {
    await api.dataSource.query(
      `INSERT INTO outbox (queue, job_name, payload, created_at, published_at)
       SELECT 'notifications', 'ping', jsonb_build_object('ref', $1::text), now() - interval '30 days',
              now() - make_interval(days => $3::int)
       FROM generate_series(1, $2)`,
      [ref, count, relayedDaysAgo],
    );
  }
  const left = async () =>
    Object.fromEntries(
      (await api.dataSource.query(`SELECT payload->>'ref' AS ref, count(*)::int AS n FROM outbox GROUP BY 1`)).map(
        (row: { ref: string; n: number }) => [row.ref, row.n],
      ),
    );

  it('deletes relayed messages past the retention in bounded batches, keeps the rest, then finds nothing more', async () => {
    const old = OUTBOX_PRUNE_BATCH * 2 + 500;
    await messages('old', old, 4);
    await messages('recent', 10, 2);
    await messages('unrelayed', 20, null);

    expect(await api.app.get(OutboxPruner).prune()).toBe(old);
    expect(await left()).toEqual({ recent: 10, unrelayed: 20 });
    expect(await api.app.get(OutboxPruner).prune()).toBe(0);
  });

  it('skips a message another transaction holds (an overlapping prune) instead of waiting for it', async () => {
    await messages('held', 3, 5);
    const runner = api.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM outbox WHERE payload->>'ref' = 'held' ORDER BY id LIMIT 1 FOR UPDATE`);
      expect(await api.app.get(OutboxPruner).prune()).toBe(2);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await left()).held).toBe(1);
  });
});
