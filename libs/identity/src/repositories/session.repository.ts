import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuthSessionEntity } from '../entities/auth-session.entity';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import type { OrganisationKind, Role } from '../roles';

export interface SessionActorRow {
  userId: string;
  roles: Role[];
  memberships: { organisationId: string; kind: OrganisationKind }[];
}

/** Login sessions and the refresh tokens rotated within them. */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createSession(userId: string, manager: EntityManager): Promise<AuthSessionEntity> {
    const sessions = manager.getRepository(AuthSessionEntity);
    return sessions.save(sessions.create({ userId, revokedAt: null, revokedReason: null }));
  }

  async addRefreshToken(
    token: { id: string; sessionId: string; tokenHash: Buffer; expiresAt: Date },
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).insert({ ...token, usedAt: null });
  }

  findRefreshToken(id: string, manager: EntityManager): Promise<RefreshTokenEntity | null> {
    return manager.getRepository(RefreshTokenEntity).findOneBy({ id });
  }

  /** Locks the session row: concurrent refreshes of one session are serialised here. */
  lockSession(id: string, manager: EntityManager): Promise<AuthSessionEntity | null> {
    return manager
      .getRepository(AuthSessionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  async markRefreshTokenUsed(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ id, usedAt: IsNull() }, { usedAt: new Date() });
  }

  async revokeSession(id: string, reason: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.dataSource.manager)
      .getRepository(AuthSessionEntity)
      .update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    return (result.affected ?? 0) > 0;
  }

  /** The actor behind a live session of an active user, in one query; null when revoked or disabled. */
  async findLiveSessionActor(sessionId: string, userId: string): Promise<SessionActorRow | null> {
    const rows: { roles: Role[]; organisation_id: string | null; kind: OrganisationKind | null }[] =
      await this.dataSource.query(
        `SELECT u.roles, m.organisation_id, o.kind
           FROM auth_sessions s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN memberships m ON m.user_id = u.id
           LEFT JOIN organisations o ON o.id = m.organisation_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.status = 'active'`,
        [sessionId, userId],
      );
    if (rows.length === 0) return null;
    return {
      userId,
      roles: rows[0]!.roles,
      memberships: rows
        .filter((row) => row.organisation_id !== null && row.kind !== null)
        .map((row) => ({ organisationId: row.organisation_id!, kind: row.kind! })),
    };
  }
}
