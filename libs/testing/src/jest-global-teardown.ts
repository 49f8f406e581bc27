import { Client } from 'pg';
import { databaseUrl } from './test-env';

/** Drops databases left behind by test files that crashed before their own cleanup. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'pt\\_%'");
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
