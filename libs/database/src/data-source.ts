import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import { migrations } from './migrations';

/**
 * The one definition of our DataSource: the apps (through DatabaseModule) and the migration CLI
 * both build it from here. Schema changes only through `migrations`, never `synchronize`.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // Query errors surface as exceptions, logged by whoever handles them (the API's error filter).
    logging: false,
    applicationName: 'passerelle',
    extra: {
      max: config.database.poolSize,
      // Fail fast (503) when PostgreSQL is down or the pool stays exhausted, instead of queueing requests.
      connectionTimeoutMillis: config.database.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
    },
  };
}

export function createDataSource(config: AppConfig, entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource({ ...dataSourceOptions(config), entities } as DataSourceOptions);
}
