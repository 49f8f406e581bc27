import { Module } from '@nestjs/common';
import { NextAvailabilityModule } from '@passerelle/booking';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

@Module({
  imports: [NextAvailabilityModule],
  providers: [SearchRepository, SearchService],
  exports: [SearchService],
})
export class CatalogSearchModule {}
