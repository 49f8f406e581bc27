import { parseArgs } from 'node:util';
import { generateCatalog } from '@passerelle/catalog';
import { loadConfig } from '@passerelle/config';
import { checkPostgres, createDataSource } from '@passerelle/database';

const USAGE = 'Usage: npm run catalog:generate -- --places 50000 [--offers-per-place 4] [--seed 1] [--database-url postgres://…]';

/** Fills the catalogue with a generated national-scale data set (benchmarks, demos). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      places: { type: 'string' },
      'offers-per-place': { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const places = Number(values.places);
  const offersPerPlace = Number(values['offers-per-place']);
  const seed = Number(values.seed);
  if (!Number.isInteger(places) || places < 1 || !Number.isInteger(offersPerPlace) || offersPerPlace < 0 || !Number.isInteger(seed)) {
    throw new Error(USAGE);
  }
  const config = loadConfig(undefined, values['database-url'] ? { DATABASE_URL: values['database-url'] } : {});
  const unreachable = await checkPostgres(config.database.url);
  if (unreachable) throw new Error(unreachable);
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    let last = '';
    const result = await generateCatalog(dataSource, {
      places,
      offersPerPlace,
      seed,
      onProgress: (table, done, total) => {
        if (done === total && table !== last) console.log(`  ${table}: ${total} rows`);
        last = done === total ? table : last;
      },
    });
    console.log(
      `Generated ${result.structures} structures, ${result.credentials} credentials, ${result.places} places and ` +
        `${result.offers} offers in ${(result.millis / 1000).toFixed(1)} s (seed ${seed}).`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
