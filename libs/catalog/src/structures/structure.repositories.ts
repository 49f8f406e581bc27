import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import { CredentialEntity, PlaceEntity, StructureEntity, type CredentialKind } from './structure.entities';

/** SQL predicate of a credential that counts: verified and not expired (expiry day included). */
export function activeCredentialSql(alias: string): string {
  return `(${alias}.status = 'verified' AND (${alias}.expires_on IS NULL OR ${alias}.expires_on >= current_date))`;
}

/** Which identifier a unique violation is about, or null when the error is something else. */
function duplicateIdentifier(error: unknown): 'siret' | 'rna' | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return null;
  if (driverError.constraint === 'structures_siret_key') return 'siret';
  if (driverError.constraint === 'structures_rna_key') return 'rna';
  return null;
}

export type StructureWrite =
  | { ok: true; structure: StructureEntity }
  | { ok: false; duplicate: 'siret' | 'rna' };

@Injectable()
export class StructureRepository extends BaseRepository<StructureEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, StructureEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<StructureEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async exists(id: string, manager?: EntityManager): Promise<boolean> {
    return this.repo(manager).existsBy({ id });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<StructureEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo(manager).findBy({ id: In(ids) });
  }

  /** Inserts or updates; a SIRET/RNA already taken comes back as `duplicate` (the transaction is then aborted). */
  async save(structure: StructureEntity, manager: EntityManager): Promise<StructureWrite> {
    try {
      return { ok: true, structure: await this.repo(manager).save(structure) };
    } catch (error) {
      const duplicate = duplicateIdentifier(error);
      if (duplicate) return { ok: false, duplicate };
      throw error;
    }
  }

  build(fields: Pick<StructureEntity, 'id' | 'name' | 'siret' | 'rna'>, manager?: EntityManager): StructureEntity {
    return this.repo(manager).create(fields);
  }

  async lockById(id: string, manager: EntityManager): Promise<StructureEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}

@Injectable()
export class PlaceRepository extends BaseRepository<PlaceEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, PlaceEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<PlaceEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  lockById(id: string, manager: EntityManager): Promise<PlaceEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  listForStructure(structureId: string): Promise<PlaceEntity[]> {
    return this.repo().find({ where: { structureId }, order: { name: 'ASC', id: 'ASC' } });
  }

  build(fields: Partial<PlaceEntity>, manager?: EntityManager): PlaceEntity {
    return this.repo(manager).create(fields);
  }

  async save(place: PlaceEntity, manager: EntityManager): Promise<PlaceEntity> {
    const saved = await this.repo(manager).save(place);
    // updated_on (the standard's "date_maj") and the timestamps come from the database.
    return (await this.repo(manager).findOneBy({ id: saved.id }))!;
  }

  touchUpdatedOn(id: string, manager: EntityManager): Promise<unknown> {
    return this.repo(manager).update({ id }, { updatedOn: () => 'current_date' });
  }
}

export interface CredentialWithActivity {
  credential: CredentialEntity;
  active: boolean;
}

@Injectable()
export class CredentialRepository extends BaseRepository<CredentialEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, CredentialEntity);
  }

  private withActivity(manager?: EntityManager) {
    return this.repo(manager).createQueryBuilder('credential').addSelect(activeCredentialSql('credential'), 'credential_active');
  }

  private async many(query: ReturnType<CredentialRepository['withActivity']>): Promise<CredentialWithActivity[]> {
    const { entities, raw } = await query.getRawAndEntities<{ credential_id: string; credential_active: boolean }>();
    const activeById = new Map(raw.map((row) => [row.credential_id, row.credential_active === true]));
    return entities.map((credential) => ({ credential, active: activeById.get(credential.id) ?? false }));
  }

  listForStructure(structureId: string): Promise<CredentialWithActivity[]> {
    return this.many(
      this.withActivity()
        .where('credential.structure_id = :structureId', { structureId })
        .orderBy('credential.created_at', 'ASC')
        .addOrderBy('credential.id', 'ASC'),
    );
  }

  async findWithActivity(id: string, manager?: EntityManager): Promise<CredentialWithActivity | null> {
    const [found] = await this.many(this.withActivity(manager).where('credential.id = :id', { id }));
    return found ?? null;
  }

  lockById(id: string, manager: EntityManager): Promise<CredentialEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  build(fields: Partial<CredentialEntity>, manager?: EntityManager): CredentialEntity {
    return this.repo(manager).create(fields);
  }

  save(credential: CredentialEntity, manager: EntityManager): Promise<CredentialEntity> {
    return this.repo(manager).save(credential);
  }

  /** Whether the date (YYYY-MM-DD) is before the database's current date. */
  async isPast(date: string, manager?: EntityManager): Promise<boolean> {
    const [row] = await (manager ?? this.dataSource.manager).query('SELECT $1::date < current_date AS past', [date]);
    return row.past === true;
  }

  async hasActive(structureId: string, kinds?: readonly CredentialKind[]): Promise<boolean> {
    const query = this.repo()
      .createQueryBuilder('credential')
      .where('credential.structure_id = :structureId', { structureId })
      .andWhere(activeCredentialSql('credential'));
    if (kinds && kinds.length > 0) query.andWhere('credential.kind IN (:...kinds)', { kinds: [...kinds] });
    return query.getExists();
  }
}
