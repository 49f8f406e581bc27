import type { ChildProcess } from 'node:child_process';
import { JwtService } from '@nestjs/jwt';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { loadConfig } from '@passerelle/config';
import { createDataSource } from '@passerelle/database';

/** Shared by the benchmarks: a fresh migrated database, readiness wait and peak memory. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and recreates `name` next to `baseUrl`'s database, migrated; returns its URL. */
export async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = databaseUrl(baseUrl, name);
  const dataSource = createDataSource(loadConfig(undefined, { DATABASE_URL: url }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  return url;
}

export async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not answer`);
}

export function peakRssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** The API's token checks, for the bare baselines (same secret, algorithm, issuer and audience). */
export function bareJwt(secret: string): JwtService {
  return new JwtService({ secret, verifyOptions: { algorithms: ['HS256'], issuer: 'passerelle', audience: 'passerelle-api' } });
}

/** The claims of a valid bearer token, or null (the baseline answers 401). */
export function bearerClaims(jwt: JwtService, authorization: string | undefined): { sub: string; sid: string } | null {
  try {
    return jwt.verify<{ sub: string; sid: string }>((authorization ?? '').replace(/^Bearer /, ''));
  } catch {
    return null;
  }
}

/** Environment of the API under load: production mode, quiet logs, limits out of the way. */
export function benchApiEnv(options: { url: string; port: number; redisPrefix: string; poolSize: number }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-42',
    DATABASE_URL: options.url,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: options.redisPrefix,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
    // Production without Stripe wants the platform's account: a specimen IBAN (valid checksum).
    INVOICE_BANK_IBAN: 'FR7630006000011234567890189',
    DATABASE_POOL_SIZE: String(options.poolSize),
  };
}

/** Logs in through the API and returns the access token. */
export async function benchLogin(apiPort: number, email: string, password: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${apiPort}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** One result row of a bench, as `npm run bench` collects them (`--json <file>`). */
