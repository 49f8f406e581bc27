import { Client } from 'pg';

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Null when PostgreSQL answers at `url`; otherwise a short message saying where we looked and how
 * to start it. With `requireDatabase`, the database named in `url` must exist too (the apps need
 * it; `npm start` and `npm run db:migrate` create it).
 */
export async function checkPostgres(url: string, options: { requireDatabase?: boolean } = {}): Promise<string | null> {
  const server = new URL(url);
  const database = decodeURIComponent(server.pathname.slice(1));
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (options.requireDatabase && found.rowCount === 0) {
      return `PostgreSQL at ${redact(url)} has no database "${database}".\n  Create and migrate it:  npm run db:migrate`;
    }
    return null;
  } catch (error) {
    const reason = (error as Error).message || (error as { code?: string }).code || 'no answer';
    return [
      `PostgreSQL is not reachable at ${redact(url)} (${reason}).`,
      '  Start it:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      '  or point DATABASE_URL at a running server (docker compose up postgres).',
    ].join('\n');
  } finally {
    await client.end().catch(() => undefined);
  }
}
