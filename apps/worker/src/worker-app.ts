import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@passerelle/config';
import { WorkerModule } from './worker.module';

/**
 * Builds and starts the worker (no HTTP): processors consume as soon as this resolves and the outbox
 * relay loop runs. main.ts and the tests share it; close() drains running jobs first.
 */
export async function createWorkerApp(config: AppConfig = loadConfig()): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // process.exit rather than re-raising the signal: exit code 0 after a clean drain, and pino flushes.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
