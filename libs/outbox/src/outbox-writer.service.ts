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
}

/** Writes a job in the caller's transaction: it exists if and only if the change commits. */
@Injectable()
export class OutboxWriter {
  constructor(private readonly outbox: OutboxRepository) {}

  /** Returns the outbox id, which is also the BullMQ job id once relayed. */
  add(manager: EntityManager, message: OutboxMessage): Promise<string> {
    // Outside a transaction the job could outlive a failed change: refuse rather than half-work.
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.add needs the EntityManager of an open transaction (TransactionRunner.run)');
    }
    return this.outbox.insert({ queue: message.queue, jobName: message.name, payload: message.payload }, manager);
  }
}
