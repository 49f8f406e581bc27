import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MODALITIES = ['on_site', 'phone', 'video', 'at_home', 'itinerant'] as const;
export type Modality = (typeof MODALITIES)[number];

export const CREDENTIAL_KINDS = [
  'aptic',
  'france_services',
  'conseiller_numerique',
  'aidants_connect',
  'siv_habilitation',
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export const CREDENTIAL_STATUSES = ['pending', 'verified', 'rejected', 'revoked'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** A structure shares its id with the identity organisation (kind 'structure') its mediators belong to. */
@Entity('structures')
export class StructureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('char', { length: 14, nullable: true })
  siret: string | null;

  @Column('char', { length: 10, nullable: true })
  rna: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('places')
export class PlaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'structure_id' })
  structureId: string;

  @Column('text', { name: 'open_data_id', nullable: true })
  openDataId: string | null;

  @Column('text')
  name: string;

  @Column('text')
  address: string;

  @Column('text', { name: 'address_complement', nullable: true })
  addressComplement: string | null;

  @Column('char', { length: 5 })
  postcode: string;

  @Column('text')
  commune: string;

  @Column('char', { name: 'insee_code', length: 5, nullable: true })
  inseeCode: string | null;

  @Column('text')
  departement: string;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('text', { name: 'opening_hours', nullable: true })
  openingHours: string | null;

  @Column('text', { name: 'accessibility_notes', nullable: true })
  accessibilityNotes: string | null;

  @Column('text', { array: true })
  modalities: Modality[];

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { array: true })
  emails: string[];

  @Column('text', { array: true })
  websites: string[];

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { name: 'accessibility_url', nullable: true })
  accessibilityUrl: string | null;

  @Column('text', { name: 'booking_url', nullable: true })
  bookingUrl: string | null;

  @Column('date', { name: 'updated_on' })
  updatedOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('credentials')
export class CredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'structure_id' })
  structureId: string;

  @Column('text')
  kind: CredentialKind;

  @Column('text')
  evidence: string;

  /** Last day of validity (inclusive), as 'YYYY-MM-DD'. */
  @Column('date', { name: 'expires_on', nullable: true })
  expiresOn: string | null;

  @Column('text')
  status: CredentialStatus;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
