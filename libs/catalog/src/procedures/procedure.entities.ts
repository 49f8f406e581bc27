import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

/** One document of a procedure's checklist, as seeded (jsonb). */
export interface ProcedureDocument {
  label: string;
  /** Who brings it: the person helped, or one side of a sale. */
  providedBy: 'person' | 'seller' | 'buyer' | 'seller_and_buyer';
  /** How recent it must be, in days; null when any valid one will do. */
  maxAgeDays: number | null;
  /** When it is needed only in some cases. */
  condition: string | null;
}

@Entity('procedure_categories')
export class ProcedureCategoryEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  label: string;

  @Column('integer')
  position: number;

  @OneToMany(() => ProcedureEntity, (procedure) => procedure.category)
  procedures?: ProcedureEntity[];
}

@Entity('procedures')
export class ProcedureEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text', { name: 'category_code' })
  categoryCode: string;

  @ManyToOne(() => ProcedureCategoryEntity, (category) => category.procedures)
  @JoinColumn({ name: 'category_code' })
  category?: ProcedureCategoryEntity;

  @Column('text')
  title: string;

  @Column('text')
  summary: string;

  @Column('text', { name: 'official_url' })
  officialUrl: string;

  @Column('integer', { name: 'typical_duration_minutes' })
  typicalDurationMinutes: number;

  @Column('jsonb')
  documents: ProcedureDocument[];
}
