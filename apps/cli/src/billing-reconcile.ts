import { loadConfig } from '@passerelle/config';
import { checkPostgres } from '@passerelle/database';
import { reconcileCommand } from './reconcile/reconcile-command';

/** Exit code 0: ledger, documents and Stripe agree; 1: differences (printed) or a failure. */
async function main(): Promise<void> {
  const config = loadConfig();
  const unreachable = await checkPostgres(config.database.url);
  if (unreachable) throw new Error(unreachable);
  process.exitCode = await reconcileCommand(config, process.argv.slice(2), (line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
