import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { childEnvironment, loadConfig } from '@passerelle/config';
import { checkPostgres, recreateDatabase } from '@passerelle/database';
import { checkRedis } from '@passerelle/redis';
import { startApp, smtpListening, waitUntil, type DemoProcess } from './demo/demo-processes';
import { demoSummary } from './demo/demo-summary';
import { runCreateAdmin } from './demo/first-admin';
import { JourneyHttp, Secrets } from './demo/journey-http';
import { passerelleStory } from './demo/passerelle-story';
import { migrate } from './migrate';

const USAGE = 'Usage: npm run demo -- [--database passerelle_demo] [--port 3100]';

/**
 * `npm run demo`: recreates a database, migrates it, starts the compiled API and worker on it (as
 * `npm start` does), plays the journey of the test over HTTP, prints what it made, stops both apps
 * and leaves the data there to explore.
 */
async function demo(): Promise<void> {
  const { values } = parseArgs({ options: { database: { type: 'string', default: 'passerelle_demo' }, port: { type: 'string', default: '3100' } } });
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(values.database)) throw new Error(`--database: lowercase letters, digits and _ only.\n${USAGE}`);
  const base = loadConfig();
  const problems = (await Promise.all([checkPostgres(base.database.url), checkRedis(base.redis.url)])).filter(Boolean);
  if (problems.length > 0) throw new Error(`The demo needs PostgreSQL and Redis:\n${problems.join('\n')}`);

  const databaseUrl = new URL(base.database.url);
  databaseUrl.pathname = `/${values.database}`;
  const overrides = {
    DATABASE_URL: databaseUrl.toString(),
    REDIS_PREFIX: values.database.replace(/_/g, '-'),
    HOST: '127.0.0.1',
    PORT: values.port,
    LOG_LEVEL: 'warn',
    // Never a real Stripe account from a demo: payments run in bank-transfer mode, into the
    // configured platform account or else a specimen IBAN (the French banks' documentation example).
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: '',
    INVOICE_BANK_IBAN: base.invoicing.bank.iban ?? 'FR7630006000011234567890189',
  };
  const config = loadConfig(undefined, overrides);
  console.log(`Recreating ${values.database}…`);
  await recreateDatabase(config.database.url);
  await migrate(config);

  const env = childEnvironment(overrides);
  const dist = resolve(__dirname, '..', '..');
  const apps: DemoProcess[] = [];
  try {
    const api = startApp('api', resolve(dist, 'api/src/main.js'), env);
    const worker = startApp('worker', resolve(dist, 'worker/src/main.js'), { ...env, LOG_LEVEL: 'info' });
    apps.push(api, worker);
    const url = `http://127.0.0.1:${values.port}`;
    await waitUntil(api, async () => (await fetch(`${url}/health`)).status === 200);
    await waitUntil(worker, async () => /worker started/.test(worker.output()));

    const secrets = new Secrets();
    const state = await passerelleStory().play({
      http: new JourneyHttp(url, secrets),
      secrets,
      createFirstAdmin: (email, password) => runCreateAdmin(resolve(__dirname, 'create-admin.js'), env, email, password),
      rail: { kind: 'bank_transfer' },
      say: (line) => console.log(line),
    });
    console.log(
      demoSummary(state, {
        databaseUrl: config.database.url,
        redisPrefix: config.redis.prefix,
        smtpUrl: config.mail.smtpUrl,
        smtpListening: await smtpListening(config.mail.smtpUrl),
      }),
    );
  } catch (error) {
    for (const app of apps) console.error(`--- last output of the ${app.name} ---\n${app.output()}`);
    throw error;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

demo().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
