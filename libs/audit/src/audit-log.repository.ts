import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

/** Insert and read only: there is deliberately no update or delete method. */
@Injectable()
export class AuditLogRepository extends BaseRepository<AuditEntryEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, AuditEntryEntity);
  }

  async append(entry: Omit<AuditEntryEntity, 'id' | 'occurredAt'>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(entry);
  }

  findForObject(objectType: string, objectId: string): Promise<AuditEntryEntity[]> {
    return this.repo().find({ where: { objectType, objectId }, order: { id: 'ASC' } });
  }
}
