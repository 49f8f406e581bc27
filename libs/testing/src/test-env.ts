import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig, readTestSettings } from '../../config/src/app-config';

/** The migrated database this run's test files clone (one per run: runs may overlap). */
export function templateDatabase(): string {
  return `pt_${readTestSettings().runId}_template`;
}

/** Every database of this run starts with this prefix (LIKE pattern, `_` escaped). */
export function runDatabasePattern(): string {
  return `pt\\_${readTestSettings().runId}\\_%`;
}

/** The developer/CI PostgreSQL URL with another database name. */
export function databaseUrl(name: string): string {
  const base = new URL(loadConfig().database.url);
  base.pathname = `/${name}`;
  return base.toString();
}

/** A name unique to this Jest worker and test file, usable as a database name and Redis prefix. */
export function isolatedName(kind: string): string {
  const { workerId, runId } = readTestSettings();
  return `pt_${runId}_${kind}_w${workerId}_${randomBytes(4).toString('hex')}`;
}

/**
 * The environment variables of a test: the machine's services, this test's own database and Redis
 * prefix, no Stripe unless a test asks for it (a developer's own STRIPE_* must not leak into tests).
 * Also the whole environment of the app processes a test starts (`startApiProcess`).
 */
export function testEnvironment(databaseName: string, redisPrefix: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: readTestSettings().logLevel,
    DATABASE_URL: databaseUrl(databaseName),
    DATABASE_POOL_SIZE: '20',
    // Racing tests queue hundreds of requests for the pool on a loaded 2-core machine; failing fast is
    // what test/faults/postgres-restart checks, with the production default.
    DATABASE_CONNECT_TIMEOUT_MS: '30000',
    REDIS_URL: loadConfig().redis.url,
    REDIS_PREFIX: redisPrefix.replace(/_/g, '-'),
    SMTP_URL: loadConfig().mail.smtpUrl,
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: '',
    STRIPE_API_HOST: '',
    STRIPE_API_PORT: '',
    STRIPE_API_PROTOCOL: '',
    ...overrides,
  };
}

/** Test configuration, parsed from `testEnvironment`. */
export function testConfig(databaseName: string, redisPrefix: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(undefined, testEnvironment(databaseName, redisPrefix, overrides));
}
