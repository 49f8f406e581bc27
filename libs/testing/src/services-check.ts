// Relative imports: Jest's globalSetup runs outside its module mapper, so aliases do not resolve here.
import type { AppConfig } from '../../config/src/app-config';
import { checkPostgres } from '../../database/src/preflight';
import { checkRedis } from '../../redis/src/preflight';

/** Stops the test run early, with instructions, when PostgreSQL or Redis is down. */
export async function assertServicesReachable(config: AppConfig): Promise<void> {
  const problems = (await Promise.all([checkPostgres(config.database.url), checkRedis(config.redis.url)])).filter(
    (problem): problem is string => problem !== null,
  );
  if (problems.length > 0) throw new Error(`Tests need PostgreSQL and Redis.\n${problems.join('\n')}`);
}
