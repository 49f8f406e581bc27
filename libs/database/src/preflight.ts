import { Client } from 'pg';

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Null when PostgreSQL answers at `url`; otherwise a short message saying where we looked and how
 * to start it. The database itself may be missing: only the server is checked.
 */
export async function checkPostgres(url: string): Promise<string | null> {
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
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
