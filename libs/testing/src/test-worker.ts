import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import type { Actor, Role } from '@passerelle/identity';
import { NOTIFICATIONS_QUEUE } from '@passerelle/outbox';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { createWorkerApp } from '../../../apps/worker/src/worker-app';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { createTestDatabase } from './test-database';
import { isolatedName, testConfig } from './test-env';

/** The real worker on its own database and Redis prefix, sending to an SMTP sink, with a producer on its notifications queue. */
export interface TestWorker {
  app: INestApplicationContext;
  dataSource: DataSource;
  config: AppConfig;
  sink: SmtpSink;
  notifications: Queue;
  close(): Promise<void>;
}

export async function startTestWorker(overrides: Record<string, string> = {}): Promise<TestWorker> {
  const db = await createTestDatabase();
  const sink = await startSmtpSink();
  const config = testConfig(db.name, isolatedName('redis'), { SMTP_URL: sink.url, OUTBOX_RELAY_INTERVAL_MS: '50', ...overrides });
  const app = await createWorkerApp(config);
  const notifications = new Queue(NOTIFICATIONS_QUEUE, { prefix: bullPrefix(config), connection: redisConnectionOptions(config) });
  return {
    app,
    dataSource: app.get(DataSource),
    config,
    sink,
    notifications,
    async close() {
      await notifications.obliterate({ force: true });
      await notifications.close();
      await app.close();
      await sink.close();
      await db.drop();
    },
  };
}

/** An actor as the API's guard would build it, for calling services directly. */
export function actorFor(userId: string, role: Role, structureId?: string): Actor {
  return {
    userId,
    roles: [role],
    memberships: structureId ? [{ organisationId: structureId, kind: 'structure' }] : [],
    sessionId: randomUUID(),
  };
}
