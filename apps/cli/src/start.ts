import { resolve } from 'node:path';
import concurrently from 'concurrently';
import { ConfigError, loadConfig } from '@passerelle/config';
import { checkPostgres } from '@passerelle/database';
import { checkRedis } from '@passerelle/redis';
import { migrate } from './migrate';

/** `npm start`: check the services, migrate, then run the API and the worker side by side. */
async function start(): Promise<void> {
  const config = loadConfig();
  const problems = (await Promise.all([checkPostgres(config.database.url), checkRedis(config.redis.url)])).filter(Boolean);
  if (problems.length > 0) {
    console.error(`Passerelle cannot start:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const applied = await migrate(config);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Schema is up to date.');

  const dist = resolve(__dirname, '..', '..');
  const node = JSON.stringify(process.execPath);
  const { result } = concurrently(
    [
      { name: 'api', command: `${node} ${JSON.stringify(resolve(dist, 'api/src/main.js'))}`, prefixColor: 'cyan' },
      { name: 'worker', command: `${node} ${JSON.stringify(resolve(dist, 'worker/src/main.js'))}`, prefixColor: 'magenta' },
    ],
    { prefix: 'name', killOthersOn: ['failure', 'success'], killSignal: 'SIGTERM' },
  );
  console.log(`API on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port} (docs at /docs). Ctrl-C stops both.`);
  await result.catch(() => process.exit(1));
}

start().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
