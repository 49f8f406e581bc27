export { CatalogSearchModule } from './catalog-search.module';
