import { Client } from 'pg';
import { createTestDatabase, databaseUrl, isolatedName, type TestDatabase } from '@passerelle/testing';
import { ensureDatabaseExists, recreateDatabase } from './ensure-database';

describe('ensureDatabaseExists, recreateDatabase', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const tables = async (client: Client) =>
    (await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n as number;

  it('drops a database with a session still open on it and creates it empty', async () => {
    const open = new Client({ connectionString: db.url });
    await open.connect();
    open.on('error', () => undefined);
    expect(await tables(open)).toBeGreaterThan(10);

    await recreateDatabase(db.url);

    const fresh = new Client({ connectionString: db.url });
    await fresh.connect();
    expect(await tables(fresh)).toBe(0);
    await fresh.end();
    await expect(open.query('SELECT 1')).rejects.toThrow();
  });

  it('creates a missing database once', async () => {
    const url = databaseUrl(isolatedName('db'));
    try {
      expect(await ensureDatabaseExists(url)).toBe(true);
      expect(await ensureDatabaseExists(url)).toBe(false);
    } finally {
      const admin = new Client({ connectionString: databaseUrl('postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE "${new URL(url).pathname.slice(1)}"`);
      await admin.end();
    }
  });

  it('refuses a database name that would need quoting', async () => {
    const url = new URL(db.url);
    url.pathname = '/bad"name';
    await expect(recreateDatabase(url.toString())).rejects.toThrow(/unusual name/);
  });
});
