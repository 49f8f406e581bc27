import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '@passerelle/database';

export const OFFER_MODALITIES = ['on_site', 'phone', 'video', 'at_home', 'itinerant'] as const;
export type OfferModality = (typeof OFFER_MODALITIES)[number];

export const PRICING_KINDS = ['funded', 'commercial'] as const;
export type PricingKind = (typeof PRICING_KINDS)[number];

export const OFFER_STATUSES = ['active', 'paused', 'suspended_over_cap'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Help for one procedure at one place; `priceCents` (VAT incl.) is set exactly when commercial. */
@Entity('offers')
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'structure_id' })
  structureId: string;

  @Column('uuid', { name: 'place_id' })
  placeId: string;

  @Column('text', { name: 'procedure_code' })
  procedureCode: string;

  @Column('text')
  modality: OfferModality;

  @Column('integer', { name: 'duration_minutes' })
  durationMinutes: number;

  @Column('text', { name: 'pricing_kind' })
  pricingKind: PricingKind;

  @Column('bigint', { name: 'price_cents', nullable: true, transformer: bigintTransformer })
  priceCents: number | null;

  @Column('text')
  status: OfferStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The cap in force per (procedure, département); a null département is the national cap. */
@Entity('price_caps')
export class PriceCapEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'procedure_code' })
  procedureCode: string;

  @Column('text', { nullable: true })
  departement: string | null;

  @Column('bigint', { name: 'max_price_cents', transformer: bigintTransformer })
  maxPriceCents: number;

  @Column('text')
  reason: string;

  @Column('uuid', { name: 'set_by' })
  setBy: string;

  @Column('timestamptz', { name: 'set_at' })
  setAt: Date;
}

/** One change of a cap: old → new, who, when, why, and how many offers it suspended. */
@Entity('price_cap_history')
export class PriceCapHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'procedure_code' })
  procedureCode: string;

  @Column('text', { nullable: true })
  departement: string | null;

  @Column('bigint', { name: 'old_max_price_cents', nullable: true, transformer: bigintTransformer })
  oldMaxPriceCents: number | null;

  @Column('bigint', { name: 'new_max_price_cents', transformer: bigintTransformer })
  newMaxPriceCents: number;

  @Column('text')
  reason: string;

  @Column('uuid', { name: 'set_by' })
  setBy: string;

  @Column('timestamptz', { name: 'set_at' })
  setAt: Date;

  @Column('integer', { name: 'suspended_offers' })
  suspendedOffers: number;
}
