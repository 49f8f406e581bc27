import { z } from 'zod';

const DEV_JWT_SECRET = 'dev-only-secret-change-me-dev-only-secret-change-me';

const csv = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** ISO 13616 check: the country and check digits moved to the end, read as a number, mod 97 = 1. */
function ibanChecks(iban: string): boolean {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** Every environment variable the apps read, with developer-machine defaults. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(0, 65535).default(3000),
    PUBLIC_BASE_URL: url(['http:', 'https:']).default('http://localhost:3000'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CORS_ORIGINS: csv.default(['http://localhost:3000']),

    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/passerelle'),
    DATABASE_POOL_SIZE: int(1, 200).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: int(100, 120_000).default(3000),
    DATABASE_CREATE_IF_MISSING: z.enum(['true', 'false']).optional(),

    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes')
      .default('passerelle'),

    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ACCESS_TTL_SECONDS: int(60, 3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),

    RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1000).default(5),
    LOGIN_MAX_ATTEMPTS_PER_IP: int(1, 100_000).default(30),
    LOGIN_WINDOW_SECONDS: int(1, 86_400).default(900),

    SMTP_URL: url(['smtp:', 'smtps:']).default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().min(3).default('Passerelle <ne-pas-repondre@passerelle.local>'),

    OUTBOX_RELAY_INTERVAL_MS: int(50, 60_000).default(1000),
    OUTBOX_RETENTION_DAYS: int(1, 3650).default(7),
    WORKER_SHUTDOWN_TIMEOUT_MS: int(100, 600_000).default(20_000),
    WORKER_JOB_LOCK_MS: int(1000, 600_000).default(30_000),

    // Unset: no Stripe; funders pay by bank transfer and admins record payments.
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret or restricted key (sk_… or rk_…)')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must be a webhook signing secret (whsec_…)').optional(),
    // Only for tests and local stubs: point the SDK at another server than api.stripe.com.
    STRIPE_API_HOST: z.string().min(1).optional(),
    STRIPE_API_PORT: int(1, 65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(['http', 'https']).default('https'),
    BOOKING_CANCELLATION_DEADLINE_MINUTES: int(0, 10_080).default(120),

    // The operator fee line's VAT: a rate in basis points, or (set) the legal wording of its exemption. An
    // exempt fee shares the débours' VAT breakdown row, whose wording (103 characters, " ; ", then this)
    // is stored in at most 300 characters: hence 190 here.
    INVOICE_FEE_VAT_RATE_BP: int(1, 10_000).default(2000),
    INVOICE_FEE_VAT_EXEMPTION: z.string().min(1).max(190).optional(),
    INVOICE_PAYMENT_DAYS: int(1, 60).default(30),
    // Programs invoiced at the same time by one invoicing run (each in its own transaction).
    INVOICING_CONCURRENCY: int(1, 16).default(2),
    INVOICE_SELLER_NAME: z.string().min(1).max(200).default('Passerelle SAS'),
    INVOICE_SELLER_ADDRESS: z.string().min(1).max(500).default('1 rue de la Paix, 75002 Paris'),
    INVOICE_SELLER_SIREN: z.string().regex(/^[0-9]{9}$/, 'must be 9 digits').default('123456789'),
    INVOICE_SELLER_VAT_NUMBER: z.string().regex(/^FR[0-9A-Z]{2}[0-9]{9}$/, 'must be a French VAT number').default('FR32123456789'),
    INVOICE_SELLER_SIRET: z.string().regex(/^[0-9]{14}$/, 'must be 14 digits').default('12345678900012'),
    INVOICE_SELLER_LEGAL_FORM: z.string().min(1).max(100).optional(),
    INVOICE_SELLER_SHARE_CAPITAL: z.string().min(1).max(100).optional(),
    INVOICE_SELLER_RCS: z.string().min(1).max(100).optional(),
    // The platform's account funders pay into by bank transfer (printed on invoices without a Stripe IBAN).
    INVOICE_BANK_IBAN: z
      .string()
      .transform((value) => value.replace(/\s/g, '').toUpperCase())
      .refine((value) => /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(value) && ibanChecks(value), { message: 'must be a valid IBAN' })
      .optional(),
    INVOICE_BANK_BIC: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC (8 or 11 characters)').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production (no default)' });
    }
    if (env.NODE_ENV === 'production' && env.STRIPE_API_PROTOCOL === 'http') {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_API_PROTOCOL'], message: 'must be https in production' });
    }
    if (!env.INVOICE_SELLER_SIRET.startsWith(env.INVOICE_SELLER_SIREN)) {
      ctx.addIssue({ code: 'custom', path: ['INVOICE_SELLER_SIRET'], message: 'must start with INVOICE_SELLER_SIREN' });
    }
    if (env.NODE_ENV === 'production' && env.STRIPE_SECRET_KEY === undefined && env.INVOICE_BANK_IBAN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['INVOICE_BANK_IBAN'], message: 'is required in production without STRIPE_SECRET_KEY (funders pay by bank transfer into it)' });
    }
    if (env.INVOICING_CONCURRENCY >= env.DATABASE_POOL_SIZE) {
      // Each program being invoiced holds a connection for its transaction; others must stay free.
      ctx.addIssue({ code: 'custom', path: ['INVOICING_CONCURRENCY'], message: 'must be less than DATABASE_POOL_SIZE' });
    }
    if (env.STRIPE_SECRET_KEY !== undefined && env.STRIPE_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required when STRIPE_SECRET_KEY is set' });
    }
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    DATABASE_CREATE_IF_MISSING: env.DATABASE_CREATE_IF_MISSING
      ? env.DATABASE_CREATE_IF_MISSING === 'true'
      : env.NODE_ENV !== 'production',
  }));

export type Env = z.output<typeof envSchema>;
