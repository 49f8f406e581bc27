import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProcedureCatalog } from './procedure-catalog.service';
import { ProcedureCategoryEntity, ProcedureEntity } from './procedure.entities';
import { ProcedureRepository } from './procedure.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ProcedureCategoryEntity, ProcedureEntity])],
  providers: [ProcedureRepository, ProcedureCatalog],
  exports: [ProcedureCatalog],
})
export class CatalogProceduresModule {}
