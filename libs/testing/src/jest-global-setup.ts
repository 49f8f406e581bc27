import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
// Relative imports: Jest's globalSetup runs outside its module mapper, so aliases do not resolve here.
import { loadConfig, writeTestRunId } from '../../config/src/app-config';
import { createDataSource } from '../../database/src/data-source';
import { assertServicesReachable } from './services-check';
import { databaseUrl, templateDatabase } from './test-env';

/**
 * Names this run, then builds its template database from the real migrations; each test file
 * clones it. The run id keeps overlapping runs (several checkouts on one machine) apart.
 */
export default async function globalSetup(): Promise<void> {
  writeTestRunId(randomBytes(3).toString('hex'));
  const config = loadConfig();
  await assertServicesReachable(config);
  const template = templateDatabase();
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const templateConfig = loadConfig(undefined, { DATABASE_URL: databaseUrl(template) });
  const dataSource = createDataSource(templateConfig);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
