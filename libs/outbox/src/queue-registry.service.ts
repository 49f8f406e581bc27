import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@passerelle/config';
import { bullPrefix, redisConnectionOptions } from '@passerelle/redis';

/** BullMQ producers, one per queue name, created on first use and closed on shutdown. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly config: AppConfig) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        prefix: bullPrefix(this.config),
        // Fail fast while Redis is away: the message stays in the outbox and is relayed later.
        connection: { ...redisConnectionOptions(this.config), enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      });
      // Connection errors surface as failed add() calls; without a listener they would crash the process.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    const closing = [...this.queues.values()].map((queue) => queue.close().catch(() => undefined));
    this.queues.clear();
    await Promise.all(closing);
  }
}
