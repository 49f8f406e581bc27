import { Client } from 'pg';
// Relative imports: Jest's globalSetup runs outside its module mapper, so aliases do not resolve here.
import { loadConfig } from '../../config/src/app-config';
import { createDataSource } from '../../database/src/data-source';
import { assertServicesReachable } from './services-check';
import { TEMPLATE_DATABASE, databaseUrl } from './test-env';

/** Builds, once per run, a template database from the real migrations; each test file clones it. */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  await assertServicesReachable(config);
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const templateConfig = loadConfig(undefined, { DATABASE_URL: databaseUrl(TEMPLATE_DATABASE) });
  const dataSource = createDataSource(templateConfig);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
