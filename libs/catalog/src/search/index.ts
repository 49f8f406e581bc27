export { CatalogSearchModule } from './catalog-search.module';
export { SearchService, AVAILABILITY_ORDER_MAX, OPEN_ON_BATCH, OPEN_ON_MAX_SCANNED } from './search.service';
export { OpeningHoursDayCheck } from './opening-hours-day';
export * from './search-criteria';
export { buildSearchSql, toSearchResultItem, pricingLabel, type SearchRow } from './search-sql';
export { formatEuros } from '../euros';
