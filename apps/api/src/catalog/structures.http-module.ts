import { Module } from '@nestjs/common';
import { CatalogStructuresModule } from '@passerelle/catalog';

@Module({ imports: [CatalogStructuresModule], controllers: [] })
export class StructuresHttpModule {}
