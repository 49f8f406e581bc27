import { loadConfig } from '@passerelle/config';
import { checkPostgres } from '@passerelle/database';
import { checkRedis } from '@passerelle/redis';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const problems = (await Promise.all([checkPostgres(config.database.url, { requireDatabase: true }), checkRedis(config.redis.url)])).filter(Boolean);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  const app = await createApiApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
