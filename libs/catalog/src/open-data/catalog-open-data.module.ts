import { Module } from '@nestjs/common';
import { CatalogOffersModule } from '../offers';
import { OpenDataExportService } from './open-data-export.service';
import { OpenDataImportService } from './open-data-import.service';
import { OpenDataRepository } from './open-data.repository';

@Module({
  imports: [CatalogOffersModule],
  providers: [OpenDataRepository, OpenDataImportService, OpenDataExportService],
  exports: [OpenDataImportService, OpenDataExportService],
})
export class CatalogOpenDataModule {}
