export { CatalogOffersModule } from './catalog-offers.module';
