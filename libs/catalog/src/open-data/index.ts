export { CatalogOpenDataModule } from './catalog-open-data.module';
