import { envSchema, type Env } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Typed, validated configuration. Also the Nest injection token for it. */
export class AppConfig {
  readonly env: Env['NODE_ENV'];
  readonly http: { host: string; port: number; publicBaseUrl: string; corsOrigins: string[] };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly database: { url: string; poolSize: number; connectTimeoutMs: number; createIfMissing: boolean };
  readonly redis: { url: string; prefix: string };
  readonly auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    loginMaxFailuresPerAccount: number;
    loginMaxAttemptsPerIp: number;
    loginWindowSeconds: number;
  };
  readonly rateLimit: { perMinute: number };
  readonly mail: { smtpUrl: string; from: string };
  /**
   * `jobLockMs`: BullMQ lock of a running job, renewed at half; a job whose lock lapsed is stalled and retried.
   * `outboxRetentionDays`: relayed outbox messages older than this are deleted by the pruning job.
   */
  readonly worker: { outboxRelayIntervalMs: number; outboxRetentionDays: number; shutdownTimeoutMs: number; jobLockMs: number };
  /** `secretKey` undefined: no Stripe, payments by bank transfer recorded by an admin. */
  readonly stripe: {
    secretKey: string | undefined;
    webhookSecret: string | undefined;
    api: { host: string | undefined; port: number | undefined; protocol: 'http' | 'https' };
  };
  /** How long before the start a beneficiary or prescriber may still cancel (mediators: anytime). */
  readonly booking: { cancellationDeadlineMinutes: number };

  /** Invoicing: the fee line's VAT (rate, or exemption wording when set), payment terms, the seller and its bank account. */
  readonly invoicing: {
    /** Programs one run invoices at the same time. */
    concurrency: number;
    feeVat: { rateBp: number } | { exemptionReason: string };
    paymentDays: number;
    seller: {
      name: string;
      address: string;
      siren: string;
      siret: string;
      vatNumber: string;
      legalForm?: string;
      shareCapital?: string;
      rcs?: string;
    };
    /** Unset IBAN: invoices without a Stripe virtual IBAN print no bank details. */
    bank: { iban: string | undefined; bic: string | undefined };
  };

  constructor(env: Env) {
    this.env = env.NODE_ENV;
    this.http = {
      host: env.HOST,
      port: env.PORT,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      corsOrigins: env.CORS_ORIGINS,
    };
    this.logLevel = env.LOG_LEVEL;
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      createIfMissing: env.DATABASE_CREATE_IF_MISSING,
    };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      loginMaxAttemptsPerIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
      loginWindowSeconds: env.LOGIN_WINDOW_SECONDS,
    };
    this.rateLimit = { perMinute: env.RATE_LIMIT_PER_MINUTE };
    this.mail = { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
    this.worker = {
      outboxRelayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
      outboxRetentionDays: env.OUTBOX_RETENTION_DAYS,
      shutdownTimeoutMs: env.WORKER_SHUTDOWN_TIMEOUT_MS,
      jobLockMs: env.WORKER_JOB_LOCK_MS,
    };
    this.invoicing = {
      feeVat: env.INVOICE_FEE_VAT_EXEMPTION === undefined ? { rateBp: env.INVOICE_FEE_VAT_RATE_BP } : { exemptionReason: env.INVOICE_FEE_VAT_EXEMPTION },
      paymentDays: env.INVOICE_PAYMENT_DAYS,
      concurrency: env.INVOICING_CONCURRENCY,
      seller: {
        name: env.INVOICE_SELLER_NAME,
        address: env.INVOICE_SELLER_ADDRESS,
        siren: env.INVOICE_SELLER_SIREN,
        siret: env.INVOICE_SELLER_SIRET,
        vatNumber: env.INVOICE_SELLER_VAT_NUMBER,
        ...(env.INVOICE_SELLER_LEGAL_FORM ? { legalForm: env.INVOICE_SELLER_LEGAL_FORM } : {}),
        ...(env.INVOICE_SELLER_SHARE_CAPITAL ? { shareCapital: env.INVOICE_SELLER_SHARE_CAPITAL } : {}),
        ...(env.INVOICE_SELLER_RCS ? { rcs: env.INVOICE_SELLER_RCS } : {}),
      },
      bank: { iban: env.INVOICE_BANK_IBAN, bic: env.INVOICE_BANK_BIC },
    };
    this.stripe = {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      api: { host: env.STRIPE_API_HOST, port: env.STRIPE_API_PORT, protocol: env.STRIPE_API_PROTOCOL },
    };
    this.booking = { cancellationDeadlineMinutes: env.BOOKING_CANCELLATION_DEADLINE_MINUTES };
  }
}

type RawEnv = Record<string, string | undefined>;

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: RawEnv = process.env, overrides: RawEnv = {}): AppConfig {
  const merged: RawEnv = { ...source, ...overrides };
  const blanksRemoved = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(blanksRemoved);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const got = typeof merged[name] === 'string' && !/SECRET|PASSWORD/.test(name) ? ` (got "${merged[name]}")` : '';
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  return new AppConfig(result.data);
}

/** Secrets a command-line tool may take from the environment instead of argv. */
export interface TestSettings {
  workerId: string;
  logLevel: string;
  runId: string;
  /** The hostile-input fuzzer: requests in all (FUZZ_RUNS), and to replay a failure its seed, path and route. */
  fuzz: { runs: number | undefined; seed: number | undefined; path: string | undefined; route: string | undefined };
}

const integerOrUndefined = (value: string | undefined) => (value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined);

/** What the test harness reads from its environment: the Jest worker, the apps' log level in tests, fuzzer runs. */
export function readTestSettings(source: RawEnv = process.env): TestSettings {
  return {
    workerId: source.JEST_WORKER_ID ?? '0',
    logLevel: source.TEST_LOG_LEVEL ?? 'silent',
    runId: source.PASSERELLE_TEST_RUN ?? 'local',
    fuzz: {
      runs: integerOrUndefined(source.FUZZ_RUNS),
      seed: integerOrUndefined(source.FUZZ_SEED),
      path: source.FUZZ_PATH || undefined,
      route: source.FUZZ_ROUTE || undefined,
    },
  };
}

/**
 * Names the current test run for the Jest workers started after it (they inherit the environment),
 * so that concurrent runs on one machine keep to their own databases.
 */
export function writeTestRunId(runId: string, target: RawEnv = process.env): void {
  target.PASSERELLE_TEST_RUN = runId;
}

/**
 * The key of a Stripe test-mode account for the opt-in contract tests against Stripe itself
 * (`STRIPE_TEST_SECRET_KEY`); never a live key.
 */
export function readStripeContractKey(source: RawEnv = process.env): string | undefined {
  const key = source.STRIPE_TEST_SECRET_KEY;
  return key !== undefined && /^(sk|rk)_test_/.test(key) ? key : undefined;
}

export function readCliSecret(name: 'ADMIN_PASSWORD', source: RawEnv = process.env): string | undefined {
  const value = source[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The environment of a child process a CLI starts (the demo's API and worker): this one's, with `overrides`. */
export function childEnvironment(overrides: Record<string, string>, source: RawEnv = process.env): RawEnv {
  return { ...source, ...overrides };
}
