import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxPayload } from './queues';

export type OutboxOperation = 'add' | 'remove';

/** A job waiting to be handed to BullMQ once the transaction that wrote it has committed. */
@Entity('outbox')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

  /** 'add' enqueues the job; 'remove' takes a not-yet-started job (by jobId) out of its queue. */
  @Column('text')
  operation: OutboxOperation;

  /** BullMQ job id; null means the outbox id. Set it when the job must be found again (to remove it). */
  @Column('text', { name: 'job_id', nullable: true })
  jobId: string | null;

  /** For a delayed job: when it should run (it runs at once when that time has passed). */
  @Column('timestamptz', { name: 'run_at', nullable: true })
  runAt: Date | null;

  @Column('text', { name: 'job_name' })
  jobName: string;

  @Column('jsonb')
  payload: OutboxPayload;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('integer')
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}
