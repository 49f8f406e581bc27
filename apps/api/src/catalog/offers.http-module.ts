import { Module } from '@nestjs/common';
import { CatalogOffersModule } from '@passerelle/catalog';

@Module({ imports: [CatalogOffersModule], controllers: [] })
export class OffersHttpModule {}
