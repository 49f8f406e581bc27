import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '@passerelle/common';
import { AppConfig } from '@passerelle/config';
import { REDIS_CLIENT } from '@passerelle/redis';

/**
 * Global request budget per client IP, shared by every API instance through Redis. While Redis is
 * away an in-memory limiter of the same size stands in, so the API keeps serving.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, config: AppConfig) {
    const points = config.rateLimit.perMinute;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'api-ip',
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      await this.limiter.consume(request.ip);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new DomainError('RATE_LIMITED', 'rate_limited', 'Trop de requêtes. Réessayez dans un instant.', {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
  }
}
