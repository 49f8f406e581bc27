import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '@passerelle/config';
import { REDIS_CLIENT } from '@passerelle/redis';
import { loginRateLimited } from '../identity.errors';

/**
 * Login attempts: every attempt counts per IP; failures count per account (whether or not it
 * exists, so the limit reveals nothing). Backed by Redis, with an in-memory stand-in while Redis
 * is away so that an outage neither opens the door nor locks everyone out.
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, config: AppConfig) {
    const duration = config.auth.loginWindowSeconds;
    const ipPoints = config.auth.loginMaxAttemptsPerIp;
    const accountPoints = config.auth.loginMaxFailuresPerAccount;
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'login-ip',
      points: ipPoints,
      duration,
      insuranceLimiter: new RateLimiterMemory({ points: ipPoints, duration }),
    });
    this.perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'login-account',
      points: accountPoints,
      duration,
      insuranceLimiter: new RateLimiterMemory({ points: accountPoints, duration }),
    });
  }

  /** Throws LOGIN_RATE_LIMITED when this IP or this account has used up its attempts. */
  async beforeAttempt(email: string, ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      throw loginRateLimited(retryAfter(rejection));
    }
    const account = await this.perAccount.get(accountKey(email));
    if (account && account.remainingPoints <= 0) throw loginRateLimited(Math.ceil(account.msBeforeNext / 1000));
  }

  async recordFailure(email: string): Promise<void> {
    await this.perAccount.consume(accountKey(email)).catch(() => undefined);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(accountKey(email)).catch(() => undefined);
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

function retryAfter(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection;
}
