import { Module } from '@nestjs/common';
import { CatalogSearchModule } from '@passerelle/catalog';

@Module({ imports: [CatalogSearchModule], controllers: [] })
export class SearchHttpModule {}
