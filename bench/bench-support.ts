import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
