import { Module } from '@nestjs/common';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

@Module({
  providers: [SearchRepository, SearchService],
  exports: [SearchService],
})
export class CatalogSearchModule {}
