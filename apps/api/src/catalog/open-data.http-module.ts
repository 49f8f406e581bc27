import { Module } from '@nestjs/common';
import { CatalogOpenDataModule } from '@passerelle/catalog';

@Module({ imports: [CatalogOpenDataModule], controllers: [] })
export class OpenDataHttpModule {}
