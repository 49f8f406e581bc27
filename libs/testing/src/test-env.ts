import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig, readTestSettings } from '../../config/src/app-config';

export const TEMPLATE_DATABASE = 'passerelle_test_template';

/** The developer/CI PostgreSQL URL with another database name. */
export function databaseUrl(name: string): string {
  const base = new URL(loadConfig().database.url);
  base.pathname = `/${name}`;
  return base.toString();
}

/** A name unique to this Jest worker and test file, usable as a database name and Redis prefix. */
export function isolatedName(kind: string): string {
  const worker = readTestSettings().workerId;
  return `pt_${kind}_w${worker}_${randomBytes(4).toString('hex')}`;
}

/** Test configuration: the machine's services, this test's own database and Redis prefix. */
export function testConfig(databaseName: string, redisPrefix: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(undefined, {
    NODE_ENV: 'test',
    LOG_LEVEL: readTestSettings().logLevel,
    DATABASE_URL: databaseUrl(databaseName),
    DATABASE_POOL_SIZE: '20',
    REDIS_PREFIX: redisPrefix.replace(/_/g, '-'),
    ...overrides,
  });
}
