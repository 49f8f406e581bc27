import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxPayload } from './queues';

/** A job waiting to be handed to BullMQ once the transaction that wrote it has committed. */
@Entity('outbox')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

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
