import { Module } from '@nestjs/common';
import { CatalogProceduresModule } from '@passerelle/catalog';

@Module({ imports: [CatalogProceduresModule], controllers: [] })
export class ProceduresHttpModule {}
