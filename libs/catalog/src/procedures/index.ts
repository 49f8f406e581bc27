export { CatalogProceduresModule } from './catalog-procedures.module';
