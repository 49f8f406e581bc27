import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type NotificationChannel = 'email' | 'sms';
export type NotificationStatus = 'pending' | 'sent' | 'failed';

/**
 * One notification we owe someone, keyed by `dedupKey` (unique): the row is what makes a job that
 * runs twice send once. `attempts` counts delivery attempts, successful or not.
 */
@Entity('notification_log')
export class NotificationLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'dedup_key' })
  dedupKey: string;

  @Column('text')
  channel: NotificationChannel;

  @Column('text')
  template: string;

  @Column('uuid', { name: 'recipient_user_id', nullable: true })
  recipientUserId: string | null;

  @Column('text')
  status: NotificationStatus;

  @Column('integer')
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
