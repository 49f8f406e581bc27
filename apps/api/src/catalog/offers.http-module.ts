import { Module } from '@nestjs/common';
import { CatalogOffersModule } from '@passerelle/catalog';
import { OffersController } from './offers/offers.controller';
import { PriceCapsController } from './offers/price-caps.controller';

@Module({ imports: [CatalogOffersModule], controllers: [OffersController, PriceCapsController] })
export class OffersHttpModule {}
