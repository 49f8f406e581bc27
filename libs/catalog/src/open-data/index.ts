export { CatalogOpenDataModule } from './catalog-open-data.module';
export { csvHeader, csvRows, parsePlacesCsv, toStandardRow, writePlacesCsv, type ParsedFile, type RowError } from './csv-codec';
export { generateCatalog, type GenerateOptions, type GenerateResult } from './generator/generate-catalog';
export { OpenDataExportService, OPEN_DATA_PRODUCER, exportFileName } from './open-data-export.service';
export { OpenDataImportService, PLACE_HAS_OFFERS_OF_ITS_STRUCTURE, type ImportOptions, type ImportOutcome, type ImportProgress } from './open-data-import.service';
export type { PlaceRecord } from './place-record';
export { ENUMS, LEGACY_VALUES, STANDARD_COLUMNS, normaliseApostrophes } from './standard';
