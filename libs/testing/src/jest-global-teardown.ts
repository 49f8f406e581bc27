import { Client } from 'pg';
import { databaseUrl, runDatabasePattern } from './test-env';

/** Drops this run's template and the databases of test files that crashed before their cleanup. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      runDatabasePattern(),
    ]);
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
