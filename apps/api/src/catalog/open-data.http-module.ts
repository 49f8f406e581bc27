import { Module } from '@nestjs/common';
import { CatalogOpenDataModule } from '@passerelle/catalog';
import { OpenDataController } from './open-data/open-data.controller';

@Module({ imports: [CatalogOpenDataModule], controllers: [OpenDataController] })
export class OpenDataHttpModule {}
