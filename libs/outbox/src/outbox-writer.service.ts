import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository';
import type { OutboxPayload } from './queues';

export interface OutboxMessage {
  queue: string;
  /** BullMQ job name, e.g. WELCOME_EMAIL_JOB. */
  name: string;
  /** Ids only: it ends up in Redis in clear text. */
  payload: OutboxPayload;
  /** A deterministic BullMQ job id (letters, digits, `_ . -`), so that the job can be removed later. */
  jobId?: string;
  /** Delay the job until then (BullMQ delayed job); a time already past runs it at once. */
  runAt?: Date;
}

/** Writes a job in the caller's transaction: it exists if and only if the change commits. */
@Injectable()
export class OutboxWriter {
  constructor(private readonly outbox: OutboxRepository) {}

  /** Returns the outbox id, which is also the BullMQ job id once relayed. */
  add(manager: EntityManager, message: OutboxMessage): Promise<string> {
    requireTransaction(manager, 'add');
    return this.outbox.insert(
      {
        queue: message.queue,
        jobName: message.name,
        payload: message.payload,
        operation: 'add',
        jobId: message.jobId ?? null,
        runAt: message.runAt ?? null,
      },
      manager,
    );
  }

  /**
   * Removes the job `jobId` from `queue` once the transaction commits (e.g. a reminder of a
   * cancelled booking). A job already running is not stopped: its processor re-reads the rows.
   */
  remove(manager: EntityManager, job: { queue: string; jobId: string }): Promise<string> {
    requireTransaction(manager, 'remove');
    return this.outbox.insert(
      { queue: job.queue, jobName: 'remove', payload: {}, operation: 'remove', jobId: job.jobId, runAt: null },
      manager,
    );
  }
}

function requireTransaction(manager: EntityManager, method: string): void {
  // Outside a transaction the job could outlive a failed change: refuse rather than half-work.
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`OutboxWriter.${method} needs the EntityManager of an open transaction (TransactionRunner.run)`);
  }
}
