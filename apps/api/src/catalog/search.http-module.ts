import { Module } from '@nestjs/common';
import { CatalogSearchModule } from '@passerelle/catalog';
import { SearchController } from './search/search.controller';

@Module({ imports: [CatalogSearchModule], controllers: [SearchController] })
export class SearchHttpModule {}
