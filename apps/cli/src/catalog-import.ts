import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { CatalogOpenDataModule, OpenDataImportService, type ImportOutcome } from '@passerelle/catalog';
import { ConfigModule, loadConfig } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';

const USAGE = 'Usage: npm run catalog:import -- file.csv [--max-errors 50] [--database-url postgres://…]';

/** Imports a file in the national "lieux de médiation numérique" standard: all rows or none. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'max-errors': { type: 'string', default: '50' }, 'database-url': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const maxErrors = Number(values['max-errors']);
  const config = loadConfig(undefined, values['database-url'] ? { DATABASE_URL: values['database-url'] } : {});

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, CatalogOpenDataModule] })
  class CatalogImportModule {}

  const input = await readFile(positionals[0]!);
  const app = await NestFactory.createApplicationContext(CatalogImportModule, { logger: ['error'] });
  const bar = new SingleBar({ format: 'Places {bar} {value}/{total} rows | {duration_formatted}', hideCursor: true }, Presets.shades_classic);
  const started = performance.now();
  let outcome: ImportOutcome;
  try {
    outcome = await app.get(OpenDataImportService).importCsv(input, {
      onProgress: ({ phase, done, total }) => {
        if (phase === 'parsed') bar.start(total, 0);
        else bar.update(done);
      },
    });
  } finally {
    bar.stop();
    await app.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!outcome.ok) {
    console.error(`Nothing imported: ${outcome.errors.length} error(s) in ${positionals[0]}.`);
    for (const error of outcome.errors.slice(0, maxErrors)) {
      console.error(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}${error.code ? ` [${error.code}]` : ''}`);
    }
    if (outcome.errors.length > maxErrors) console.error(`  … and ${outcome.errors.length - maxErrors} more.`);
    process.exit(1);
  }
  const { structures, places } = outcome;
  console.log(`Imported ${outcome.rows} rows in ${seconds} s.`);
  console.log(`Structures: ${structures.created} created, ${structures.matched} matched (by SIRET/RNA).`);
  console.log(`Places: ${places.created} created, ${places.updated} updated, ${places.unchanged} unchanged.`);
  if (outcome.suspendedOffers > 0) {
    console.log(`Offers suspended over a price cap (their place moved to another département): ${outcome.suspendedOffers}.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
