import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../actor';
import { invalidRefreshToken, refreshTokenReused, sessionRevoked } from '../identity.errors';
import { SessionRepository } from '../repositories/session.repository';
import { UserRepository } from '../repositories/user.repository';
import type { Role } from '../roles';
import { TokenService } from './token.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface RequestOrigin {
  ip?: string;
  requestId?: string;
}

type RefreshOutcome = { kind: 'rotated'; pair: TokenPair } | { kind: 'reused' } | { kind: 'invalid' };

/**
 * Sessions: a login opens one; each refresh rotates its single live refresh token; presenting an
 * already-used token is treated as theft and closes the whole session (the token family).
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async open(user: { id: string; roles: Role[] }, origin: RequestOrigin, manager?: EntityManager): Promise<TokenPair> {
    const work = async (tx: EntityManager) => {
      const session = await this.sessions.createSession(user.id, tx);
      await this.audit.record(
        { userId: user.id, roles: user.roles, ...origin },
        { action: 'auth.login', objectType: 'session', objectId: session.id },
        tx,
      );
      return this.issuePair(user.id, user.roles, session.id, tx);
    };
    return manager ? work(manager) : this.transactions.run(work);
  }

  async refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const parts = this.tokens.parseRefreshToken(refreshToken);
    if (!parts) throw invalidRefreshToken();
    // The transaction commits a revocation too: the error is thrown only after it.
    const outcome = await this.transactions.run<RefreshOutcome>(async (tx) => {
      const stored = await this.sessions.findRefreshToken(parts.id, tx);
      if (!stored || !this.tokens.secretMatches(parts.secret, stored.tokenHash)) return { kind: 'invalid' };
      const session = await this.sessions.lockSession(stored.sessionId, tx);
      if (!session || session.revokedAt) return { kind: 'invalid' };
      // Read again under the lock: a concurrent refresh may have used the token meanwhile.
      const current = await this.sessions.findRefreshToken(parts.id, tx);
      if (current?.usedAt) {
        await this.sessions.revokeSession(session.id, 'refresh_token_reuse', tx);
        await this.audit.record(
          { userId: session.userId, roles: [], ...origin },
          { action: 'auth.refresh_reuse_detected', objectType: 'session', objectId: session.id },
          tx,
        );
        return { kind: 'reused' };
      }
      if (stored.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
      const user = await this.users.findById(session.userId, tx);
      if (!user || user.status !== 'active') return { kind: 'invalid' };
      await this.sessions.markRefreshTokenUsed(stored.id, tx);
      return { kind: 'rotated', pair: await this.issuePair(user.id, user.roles, session.id, tx) };
    });
    if (outcome.kind === 'reused') throw refreshTokenReused();
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    return outcome.pair;
  }

  async close(actor: Actor): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (await this.sessions.revokeSession(actor.sessionId, 'logout', tx)) {
        await this.audit.record(actor, { action: 'auth.logout', objectType: 'session', objectId: actor.sessionId }, tx);
      }
    });
  }

  /** The caller behind a verified access token, re-checked against the database (logout, disabled user). */
  async resolveActor(userId: string, sessionId: string, origin: RequestOrigin): Promise<Actor> {
    const row = await this.sessions.findLiveSessionActor(sessionId, userId);
    if (!row) throw sessionRevoked();
    return { ...row, sessionId, ...origin };
  }

  private async issuePair(userId: string, roles: Role[], sessionId: string, tx: EntityManager): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await this.sessions.addRefreshToken(
      { id: refresh.id, sessionId, tokenHash: refresh.hash, expiresAt: refresh.expiresAt },
      tx,
    );
    const accessToken = this.tokens.signAccessToken({ sub: userId, sid: sessionId, roles });
    return { accessToken, refreshToken: refresh.token, expiresIn: this.tokens.accessTtlSeconds };
  }
}
