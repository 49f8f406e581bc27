import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxMessageEntity, type OutboxOperation } from './outbox-message.entity';
import type { OutboxPayload } from './queues';

@Injectable()
export class OutboxRepository extends BaseRepository<OutboxMessageEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, OutboxMessageEntity);
  }

  async insert(
    message: { queue: string; jobName: string; payload: OutboxPayload; operation: OutboxOperation; jobId: string | null; runAt: Date | null },
    manager: EntityManager,
  ): Promise<string> {
    const result = await this.repo(manager).insert({ ...message, attempts: 0, publishedAt: null, lastError: null });
    return result.identifiers[0]!.id as string;
  }

  /** Oldest unpublished messages, locked; rows another relay holds are skipped, not waited for. */
  claimUnpublished(limit: number, manager: EntityManager): Promise<OutboxMessageEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('o.published_at IS NULL')
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async markPublished(id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { publishedAt: () => 'now()' });
  }

  /**
   * Deletes at most `limit` relayed messages published before `cutoff`, oldest first; rows another
   * pruner is deleting are skipped, so overlapping prunes do not wait on each other. Returns how many went.
   */
  async deleteRelayedBefore(cutoff: Date, limit: number): Promise<number> {
    const [{ deleted }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE published_at < $1 ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [cutoff, limit],
    );
    return deleted;
  }

  async recordFailure(id: string, error: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { attempts: () => 'attempts + 1', lastError: error.slice(0, 1000) });
  }
}
