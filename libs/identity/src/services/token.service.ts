import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@passerelle/config';
import type { Role } from '../roles';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  roles: Role[];
}

export interface RefreshTokenParts {
  id: string;
  secret: string;
}

const REFRESH_FORMAT = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** Signs short-lived access tokens and mints opaque refresh tokens (`<id>.<secret>`, only a hash stored). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.auth.accessTtlSeconds;
  }

  signAccessToken(claims: AccessTokenClaims): string {
    return this.jwt.sign({ ...claims }, { expiresIn: this.config.auth.accessTtlSeconds });
  }

  newRefreshToken(): { token: string; id: string; hash: Buffer; expiresAt: Date } {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * 86_400_000);
    return { token: `${id}.${secret}`, id, hash: this.hashSecret(secret), expiresAt };
  }

  parseRefreshToken(token: string): RefreshTokenParts | null {
    const match = REFRESH_FORMAT.exec(token);
    return match ? { id: match[1]!, secret: match[2]! } : null;
  }

  secretMatches(secret: string, storedHash: Buffer): boolean {
    const candidate = this.hashSecret(secret);
    return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
  }

  /** SHA-256 suffices: the secret has 256 bits of entropy, so there is nothing to brute-force. */
  private hashSecret(secret: string): Buffer {
    return createHash('sha256').update(secret).digest();
  }
}
