export { BaseRepository } from './base.repository';
export { createDataSource, dataSourceOptions } from './data-source';
export { DatabaseHealth } from './database-health';
export { DatabaseModule } from './database.module';
export { ensureDatabaseExists, recreateDatabase } from './ensure-database';
export { checkPostgres } from './preflight';
export { bigintTransformer, toSafeInteger } from './money';
export { TransactionRunner } from './transaction-runner';
