import { Redis } from 'ioredis';

/** Null when Redis answers PING at `url`; otherwise where we looked and how to start it. */
export async function checkRedis(url: string): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return [
      `Redis is not reachable at ${parsed.toString()} (${(error as Error).message || 'no answer'}).`,
      '  Start it:  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      '  or point REDIS_URL at a running server (docker compose up redis).',
    ].join('\n');
  } finally {
    client.disconnect();
  }
}
