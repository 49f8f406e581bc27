import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntryEntity } from './audit-entry.entity';
import { AuditLogRepository } from './audit-log.repository';

/** Who acted, as the audit log records it; structurally an identity Actor, or a system process. */
export interface AuditActor {
  userId: string | null;
  roles: readonly string[];
  ip?: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, roles: ['system'] };

export interface AuditRecord {
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly log: AuditLogRepository) {}

  /** Appends one entry; pass the caller's transaction so the entry commits or rolls back with the change. */
  record(actor: AuditActor, record: AuditRecord, manager?: EntityManager): Promise<void> {
    return this.log.append(
      {
        actorUserId: actor.userId,
        actorRoles: [...actor.roles],
        action: record.action,
        objectType: record.objectType,
        objectId: record.objectId ?? null,
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
        details: record.details ?? {},
      },
      manager,
    );
  }

  historyOf(objectType: string, objectId: string): Promise<AuditEntryEntity[]> {
    return this.log.findForObject(objectType, objectId);
  }
}
