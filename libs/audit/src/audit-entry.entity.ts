import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@passerelle/database';

/** A row of the append-only audit log (the database rejects UPDATE, DELETE and TRUNCATE). */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn('bigint', { transformer: bigintTransformer, insert: false, update: false })
  id: number;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt: Date;

  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId: string | null;

  @Column('text', { name: 'actor_roles', array: true })
  actorRoles: string[];

  @Column('text')
  action: string;

  @Column('text', { name: 'object_type' })
  objectType: string;

  @Column('text', { name: 'object_id', nullable: true })
  objectId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('jsonb')
  details: object;
}
