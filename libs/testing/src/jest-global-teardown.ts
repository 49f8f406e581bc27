import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { readTestSettings } from '../../config/src/app-config';
import { databaseUrl, runDatabasePattern } from './test-env';

/**
 * Drops this run's template and the databases of test files that crashed before their cleanup, and
 * the apps compiled for its process tests.
 */
export default async function globalTeardown(): Promise<void> {
  const testDist = join(resolve(__dirname, '..', '..', '..'), '.test-dist', readTestSettings().runId);
  rmSync(testDist, { recursive: true, force: true });
  rmSync(`${testDist}.lock`, { recursive: true, force: true });
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
