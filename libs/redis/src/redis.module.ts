import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@passerelle/config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Connection options shared by our own client and BullMQ's. */
export function redisConnectionOptions(config: AppConfig) {
  const url = new URL(config.redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Key prefix of BullMQ queues, so that tests and deployments sharing one Redis never collide. */
export function bullPrefix(config: AppConfig): string {
  return `${config.redis.prefix}-bull`;
}

function createClient(config: AppConfig): Redis {
  const client = new Redis({
    ...redisConnectionOptions(config),
    keyPrefix: `${config.redis.prefix}:`,
    // Fail fast while Redis is away: callers degrade (rate limits fall back to memory, health says 503).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  client.on('error', () => undefined);
  return client;
}

@Injectable()
export class RedisHealth {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async isUp(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.client
      .ping()
      .then((answer) => answer === 'PONG')
      .catch(() => false);
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const client = createClient(config);
        // Give the first connection a moment so early commands are not refused; never block boot on it.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          client.once('ready', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return client;
      },
    },
    RedisHealth,
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT, RedisHealth],
})
export class RedisModule {}
