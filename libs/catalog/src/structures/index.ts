export { CatalogStructuresModule } from './catalog-structures.module';
