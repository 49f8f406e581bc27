import { loadConfig, type AppConfig } from '@passerelle/config';
import { checkPostgres, createDataSource, ensureDatabaseExists } from '@passerelle/database';

/** Creates the database on developer machines when missing, then applies pending migrations. */
export async function migrate(config: AppConfig): Promise<string[]> {
  const unreachable = await checkPostgres(config.database.url);
  if (unreachable) throw new Error(unreachable);
  if (config.database.createIfMissing && (await ensureDatabaseExists(config.database.url))) {
    console.log(`Created database ${new URL(config.database.url).pathname.slice(1)}.`);
  }
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  migrate(loadConfig())
    .then((applied) => {
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Schema is up to date.');
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
