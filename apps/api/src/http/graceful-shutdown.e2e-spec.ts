import { Client } from 'pg';
import { databaseUrl, startTestApi, type TestApi } from '@passerelle/testing';

/** Polls until `check` holds; the test's own timeout bounds it. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('graceful shutdown of the API', () => {
  let api: TestApi;
  let blocker: Client;

  beforeAll(async () => {
    api = await startTestApi();
    blocker = new Client({ connectionString: databaseUrl(api.db.name) });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await api.db.drop();
  });

  it('finishes a request already in flight before closing the database, and refuses new ones', async () => {
    const caller = await api.loginAs('beneficiary');
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const base = await api.app.getUrl();
    const tokenId = caller.refreshToken.split('.')[0]!;
    const { rows } = await blocker.query<{ session_id: string }>('SELECT session_id FROM refresh_tokens WHERE id = $1', [tokenId]);

    // Hold the session row so that the refresh below waits inside its transaction, mid-request.
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM auth_sessions WHERE id = $1 FOR UPDATE', [rows[0]!.session_id]);
    const inFlight = fetch(`${base}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: caller.refreshToken }),
    });
    await until(async () => {
      const waiting = await blocker.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [api.db.name],
      );
      return waiting.rowCount === 1;
    });

    const closing = api.app.close();
    await until(async () => fetch(`${base}/health`).then(() => false, () => true));
    await blocker.query('COMMIT');

    const response = await inFlight;
    expect(response.status).toBe(200);
    const pair = (await response.json()) as { refreshToken: string };
    expect(pair.refreshToken).not.toBe(caller.refreshToken);
    await closing;
    const used = await blocker.query('SELECT used_at FROM refresh_tokens WHERE id = $1', [tokenId]);
    expect(used.rows[0].used_at).not.toBeNull();
  });
});
