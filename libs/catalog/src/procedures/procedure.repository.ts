import { Injectable } from '@nestjs/common';
import { BaseRepository } from '@passerelle/database';
import { DataSource, type EntityManager } from 'typeorm';
import { ProcedureCategoryEntity, ProcedureEntity } from './procedure.entities';

@Injectable()
export class ProcedureRepository extends BaseRepository<ProcedureEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ProcedureEntity);
  }

  /** Categories in catalogue order, each with its procedures by title; one category when a code is given. */
  categoriesWithProcedures(categoryCode?: string): Promise<ProcedureCategoryEntity[]> {
    const query = this.dataSource.manager
      .getRepository(ProcedureCategoryEntity)
      .createQueryBuilder('category')
      .leftJoinAndSelect('category.procedures', 'procedure')
      .orderBy('category.position', 'ASC')
      .addOrderBy('procedure.title', 'ASC');
    if (categoryCode !== undefined) query.where('category.code = :categoryCode', { categoryCode });
    return query.getMany();
  }

  findByCode(code: string, manager?: EntityManager): Promise<ProcedureEntity | null> {
    return this.repo(manager).findOne({ where: { code }, relations: { category: true } });
  }
}
