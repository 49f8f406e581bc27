import { createServer } from 'node:net';
import { checkRedis } from '@passerelle/redis';
import { databaseUrl } from '@passerelle/testing';
import { checkPostgres } from './preflight';

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('start-up checks', () => {
  it('pass when PostgreSQL and Redis answer', async () => {
    expect(await checkPostgres(databaseUrl('postgres'), { requireDatabase: true })).toBeNull();
    expect(await checkRedis('redis://127.0.0.1:6379')).toBeNull();
  });

  it('say which service is missing, where they looked and how to start it, hiding the password', async () => {
    const port = await closedPort();
    const postgres = await checkPostgres(`postgres://app:s3cret@127.0.0.1:${port}/passerelle`);
    expect(postgres).toContain(`PostgreSQL is not reachable at postgres://app:***@127.0.0.1:${port}/passerelle`);
    expect(postgres).toContain('pg_ctlcluster');
    expect(postgres).not.toContain('s3cret');

    const redis = await checkRedis(`redis://127.0.0.1:${port}`);
    expect(redis).toContain(`127.0.0.1:${port}`);
    expect(redis).toContain('redis-server');
  });

  it('tell the apps to migrate when the database does not exist yet', async () => {
    const url = databaseUrl('passerelle_never_created');
    expect(await checkPostgres(url)).toBeNull();
    expect(await checkPostgres(url, { requireDatabase: true })).toContain('npm run db:migrate');
  });
});
