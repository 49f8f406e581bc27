import { Client } from 'pg';

/** The database named in `url`, checked (it ends up quoted in CREATE/DROP DATABASE). */
function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`refusing to create database with unusual name "${name}"`);
  return name;
}

/** Runs `work` on a connection to the server's `postgres` database (CREATE/DROP DATABASE run outside the target). */
async function onMaintenanceDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when it does not exist yet (developer machines, tests). */
export async function ensureDatabaseExists(url: string, template?: string): Promise<boolean> {
  const name = databaseNameOf(url);
  return onMaintenanceDatabase(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    const from = template ? ` TEMPLATE "${template}"` : '';
    try {
      await client.query(`CREATE DATABASE "${name}"${from}`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  });
}

/** Drops the database named in `url` (closing its sessions) and creates it empty: the demo starts from scratch. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await onMaintenanceDatabase(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}
