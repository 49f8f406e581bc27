export { checkRedis } from './preflight';
export { REDIS_CLIENT, RedisHealth, RedisModule, bullPrefix, redisConnectionOptions } from './redis.module';
