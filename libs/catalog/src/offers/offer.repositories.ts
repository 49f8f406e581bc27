import { Injectable } from '@nestjs/common';
import { BaseRepository, toSafeInteger } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferEntity, PriceCapEntity, PriceCapHistoryEntity, type OfferModality } from './offer.entities';

/** Advisory lock namespace of price caps ('PCAP'); the second key is hashtext(procedure_code). */
const PRICE_CAP_LOCK_CLASS = 0x50434150;

export interface OfferPlace {
  id: string;
  structureId: string;
  departement: string;
  modalities: OfferModality[];
}

export interface CapInForce {
  maxPriceCents: number;
  /** Null for the national cap. */
  departement: string | null;
}

/** Which offers a suspension looks at: a cap's (procedure, département or national) or one place's. */
export type SuspensionScope = { procedureCode: string; departement: string | null } | { placeId: string };

/**
 * The cap in force for a procedure in a département, as SQL over `price_caps c`: the département's
 * own cap, else the national one (no row when neither exists).
 */
export function capInForceSql(procedure: string, departement: string, select: string): string {
  return `SELECT ${select} FROM price_caps c
           WHERE c.procedure_code = ${procedure} AND (c.departement = ${departement} OR c.departement IS NULL)
           ORDER BY c.departement NULLS LAST LIMIT 1`;
}

export interface SuspendedOffer {
  id: string;
  structureId: string;
}

/**
 * Offers, and what they need to read of places and structures (by SQL on those tables, not through
 * the structures context's repositories).
 */
@Injectable()
export class OfferRepository extends BaseRepository<OfferEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, OfferEntity);
  }

  /**
   * Offer writers take the procedure's cap lock in shared mode (they do not block each other), cap
   * changes in exclusive mode: a cap change waits for offer writes in flight and the writes that
   * follow read the new cap. Call first in the transaction, before any row lock.
   */
  async lockCapsShared(procedureCodes: string[], manager: EntityManager): Promise<void> {
    for (const code of [...new Set(procedureCodes)].sort()) {
      await manager.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [PRICE_CAP_LOCK_CLASS, code]);
    }
  }

  async lockCapExclusive(procedureCode: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PRICE_CAP_LOCK_CLASS, procedureCode]);
  }

  /** The place with its structure and département; locked FOR SHARE inside a transaction so it cannot move meanwhile. */
  async findPlace(placeId: string, manager?: EntityManager): Promise<OfferPlace | null> {
    const lock = manager?.queryRunner?.isTransactionActive ? ' FOR SHARE' : '';
    const rows: { id: string; structure_id: string; departement: string; modalities: OfferModality[] }[] = await (
      manager ?? this.dataSource.manager
    ).query(`SELECT id, structure_id, departement, modalities FROM places WHERE id = $1${lock}`, [placeId]);
    const row = rows[0];
    return row ? { id: row.id, structureId: row.structure_id, departement: row.departement, modalities: row.modalities } : null;
  }

  async structureExists(structureId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM structures WHERE id = $1', [structureId]);
    return rows.length > 0;
  }

  /** The département's cap if it has one, else the national cap, else null. */
  async capInForce(procedureCode: string, departement: string, manager?: EntityManager): Promise<CapInForce | null> {
    const rows: { max_price_cents: string; departement: string | null }[] = await (manager ?? this.dataSource.manager).query(
      capInForceSql('$1', '$2', 'c.max_price_cents, c.departement'),
      [procedureCode, departement],
    );
    const row = rows[0];
    return row ? { maxPriceCents: toSafeInteger(row.max_price_cents), departement: row.departement } : null;
  }

  findById(id: string, manager?: EntityManager): Promise<OfferEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  lockById(id: string, manager: EntityManager): Promise<OfferEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  listByStructure(structureId: string): Promise<OfferEntity[]> {
    return this.repo().find({ where: { structureId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  build(fields: Omit<OfferEntity, 'id' | 'createdAt' | 'updatedAt'>, manager?: EntityManager): OfferEntity {
    return this.repo(manager).create(fields);
  }

  save(offer: OfferEntity, manager: EntityManager): Promise<OfferEntity> {
    return this.repo(manager).save(offer);
  }

  /**
   * Suspends the active or paused commercial offers in scope whose price is above the cap in force
   * for their procedure and their place's département: the one path for a lowered cap (scope: its
   * procedure, and its département for a département cap) and for a place that changed département
   * (scope: the place). Prices are never touched; funded offers never match.
   */
  async suspendAboveCapInForce(scope: SuspensionScope, manager: EntityManager): Promise<SuspendedOffer[]> {
    const [where, params] =
      'placeId' in scope
        ? ['o.place_id = $1', [scope.placeId]]
        : scope.departement === null
          ? ['o.procedure_code = $1', [scope.procedureCode]]
          : ['o.procedure_code = $1 AND p.departement = $2', [scope.procedureCode, scope.departement]];
    const [rows] = (await manager.query(
      `UPDATE offers o SET status = 'suspended_over_cap', updated_at = now()
         FROM places p
        WHERE p.id = o.place_id
          AND ${where}
          AND o.pricing_kind = 'commercial'
          AND o.status IN ('active', 'paused')
          AND o.price_cents > (${capInForceSql('o.procedure_code', 'p.departement', 'c.max_price_cents')})
      RETURNING o.id, o.structure_id`,
      params,
    )) as [{ id: string; structure_id: string }[], number];
    return rows.map((row) => ({ id: row.id, structureId: row.structure_id }));
  }
}

@Injectable()
export class PriceCapRepository extends BaseRepository<PriceCapEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, PriceCapEntity);
  }

  find(procedureCode: string, departement: string | null, manager?: EntityManager): Promise<PriceCapEntity | null> {
    const query = this.repo(manager)
      .createQueryBuilder('cap')
      .where('cap.procedure_code = :procedureCode', { procedureCode });
    if (departement === null) query.andWhere('cap.departement IS NULL');
    else query.andWhere('cap.departement = :departement', { departement });
    return query.getOne();
  }

  save(cap: PriceCapEntity, manager: EntityManager): Promise<PriceCapEntity> {
    return this.repo(manager).save(cap);
  }

  build(fields: Omit<PriceCapEntity, 'id'>, manager?: EntityManager): PriceCapEntity {
    return this.repo(manager).create(fields);
  }

  /** Caps of one procedure (or all), national first, then by département. */
  list(procedureCode?: string): Promise<PriceCapEntity[]> {
    const query = this.repo().createQueryBuilder('cap').orderBy('cap.procedure_code', 'ASC').addOrderBy('cap.departement', 'ASC', 'NULLS FIRST');
    if (procedureCode !== undefined) query.where('cap.procedure_code = :procedureCode', { procedureCode });
    return query.getMany();
  }

  addHistory(entry: Omit<PriceCapHistoryEntity, 'id'>, manager: EntityManager): Promise<PriceCapHistoryEntity> {
    const repo = manager.getRepository(PriceCapHistoryEntity);
    return repo.save(repo.create(entry));
  }

  history(procedureCode: string): Promise<PriceCapHistoryEntity[]> {
    return this.dataSource.manager
      .getRepository(PriceCapHistoryEntity)
      .createQueryBuilder('entry')
      .where('entry.procedure_code = :procedureCode', { procedureCode })
      .orderBy('entry.set_at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .getMany();
  }
}
