import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { REDIS_CLIENT } from '@passerelle/redis';
import { wrongCodesRateLimited } from '../vouchers.errors';

/**
 * Wrong voucher codes (malformed, bad check character or unknown) per person and per organisation
 * (the structure redeeming, the funder assigning). With these limits one organisation can try at
 * most 50 × 365 = 18,250 wrong codes a year, however many accounts it has.
 */
export const WRONG_CODES_PER_USER = { points: 10, duration: 60 * 60 };
export const WRONG_CODES_PER_ORGANISATION = { points: 50, duration: 24 * 60 * 60 };

/** Backed by Redis, with an in-memory stand-in while Redis is away (as for logins). */
@Injectable()
export class WrongCodeThrottle {
  private readonly perUser: RateLimiterRedis;
  private readonly perOrganisation: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    this.perUser = limiter(redis, 'voucher-wrong-user', WRONG_CODES_PER_USER);
    this.perOrganisation = limiter(redis, 'voucher-wrong-org', WRONG_CODES_PER_ORGANISATION);
  }

  /** Throws VOUCHER_ATTEMPTS_RATE_LIMITED when this person or organisation has no wrong code left. */
  async assertAllowed(userId: string, organisationId?: string): Promise<void> {
    await Promise.all([exhausted(this.perUser, userId), organisationId && exhausted(this.perOrganisation, organisationId)]);
  }

  async recordWrongCode(userId: string, organisationId?: string): Promise<void> {
    await this.perUser.penalty(userId, 1).catch(() => undefined);
    if (organisationId) await this.perOrganisation.penalty(organisationId, 1).catch(() => undefined);
  }
}

function limiter(redis: Redis, keyPrefix: string, limits: { points: number; duration: number }): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    ...limits,
    insuranceLimiter: new RateLimiterMemory(limits),
  });
}

async function exhausted(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const state = await limiter.get(key);
  if (state && state.consumedPoints >= limiter.points) {
    throw wrongCodesRateLimited(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
  }
}
