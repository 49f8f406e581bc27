import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { createTestDatabase, type TestDatabase } from '@passerelle/testing';
import { createDataSource } from './data-source';
import { migrations } from './migrations';

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('run up from an empty database, then again as a no-op, then all the way down and up', async () => {
    const dataSource = createDataSource(loadConfig(undefined, { DATABASE_URL: db.url }));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(migrations.map((M) => new M().name));
      expect(await dataSource.runMigrations()).toEqual([]);

      const tables = await dataSource.query<{ table_name: string }[]>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['users', 'memberships', 'organisations', 'refresh_tokens', 'audit_log', 'outbox']),
      );

      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
      expect(await dataSource.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'users'")).toEqual([]);
      expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
    } finally {
      await dataSource.destroy();
    }
  });

  it('store every money column as bigint cents, never as a float or numeric', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name ~ '(cents|amount|price|_fee|budget|balance)'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => row.data_type !== 'bigint')).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
