import { Logger } from '@nestjs/common';
import { loadConfig } from '@passerelle/config';
import { checkPostgres } from '@passerelle/database';
import { checkRedis } from '@passerelle/redis';
import { createWorkerApp } from './worker-app';

/** Beyond the drain timeout: time to release jobs and close connections before giving up. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const problems = (await Promise.all([checkPostgres(config.database.url, { requireDatabase: true }), checkRedis(config.redis.url)])).filter(Boolean);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  // The drain is bounded, but a dead Redis or database can still stall the closing of connections.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Worker did not stop within ${config.worker.shutdownTimeoutMs + SHUTDOWN_GRACE_MS} ms; exiting.\n`);
        process.exit(1);
      }, config.worker.shutdownTimeoutMs + SHUTDOWN_GRACE_MS).unref();
    });
  }
  await createWorkerApp(config);
  new Logger('Worker').log(
    { relayIntervalMs: config.worker.outboxRelayIntervalMs, shutdownTimeoutMs: config.worker.shutdownTimeoutMs },
    'worker started: relaying the outbox and processing jobs',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
