import { Module } from '@nestjs/common';
import { CatalogProceduresModule } from '@passerelle/catalog';
import { ProceduresController } from './procedures/procedures.controller';

@Module({ imports: [CatalogProceduresModule], controllers: [ProceduresController] })
export class ProceduresHttpModule {}
