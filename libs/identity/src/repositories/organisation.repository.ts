import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganisationEntity } from '../entities/organisation.entity';
import type { OrganisationKind } from '../roles';

@Injectable()
export class OrganisationRepository extends BaseRepository<OrganisationEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, OrganisationEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<OrganisationEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async create(kind: OrganisationKind, name: string, manager?: EntityManager): Promise<OrganisationEntity> {
    return this.repo(manager).save(this.repo(manager).create({ kind, name }));
  }

  async rename(id: string, name: string, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id }, { name });
    return (result.affected ?? 0) > 0;
  }
}
