import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationLogEntity, type NotificationChannel } from './notification-log.entity';

export interface NotificationKey {
  dedupKey: string;
  channel: NotificationChannel;
  template: string;
  recipientUserId: string | null;
}

@Injectable()
export class NotificationLogRepository extends BaseRepository<NotificationLogEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, NotificationLogEntity);
  }

  /** Creates the 'pending' row unless one already exists for this dedup key (race-safe: unique key). */
  async ensure(key: NotificationKey, manager?: EntityManager): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...key, status: 'pending', attempts: 0, lastError: null, sentAt: null })
      .orIgnore()
      .execute();
  }

  /** The row, locked until the transaction ends: a concurrent sender of the same key waits here. */
  lockByDedupKey(dedupKey: string, manager: EntityManager): Promise<NotificationLogEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('n')
      .setLock('pessimistic_write')
      .where('n.dedup_key = :dedupKey', { dedupKey })
      .getOne();
  }

  findByDedupKey(dedupKey: string): Promise<NotificationLogEntity | null> {
    return this.repo().findOneBy({ dedupKey });
  }

  async markSent(id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update(
      { id },
      { status: 'sent', attempts: () => 'attempts + 1', sentAt: () => 'now()' },
    );
  }

  async recordFailure(id: string, error: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update(
      { id },
      { status: 'failed', attempts: () => 'attempts + 1', lastError: error.slice(0, 1000) },
    );
  }
}
