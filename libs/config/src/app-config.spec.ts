import { ConfigError, loadConfig, readStripeContractKey } from './app-config';

describe('loadConfig', () => {
  it('has defaults that work on a developer machine', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/passerelle');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.env).toBe('development');
    expect(config.database.createIfMissing).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('names every bad variable, with what was wrong', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'not a url', CORS_ORIGINS: 'http://a, http://b' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: .*\(got "eighty"\)/m);
    expect(problems).toMatch(/^DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//m);
    expect(problems).toMatch(/^REDIS_URL: /m);
    expect(problems).not.toMatch(/CORS_ORIGINS/);
  });

  it('keeps the invoicing run within the connection pool', () => {
    expect(loadConfig({ INVOICING_CONCURRENCY: '4', DATABASE_POOL_SIZE: '5' }).invoicing.concurrency).toBe(4);
    expect(() => loadConfig({ INVOICING_CONCURRENCY: '4', DATABASE_POOL_SIZE: '4' })).toThrow(/INVOICING_CONCURRENCY: must be less than DATABASE_POOL_SIZE/);
  });

  it('requires, in production without Stripe, the bank account funders pay into', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/INVOICE_BANK_IBAN: is required in production without STRIPE_SECRET_KEY/);
    const online = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    expect(loadConfig(online).invoicing.bank.iban).toBeUndefined();
  });

  it('requires a JWT secret in production and never prints secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required in production/);
    try {
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'too-short-secret' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.join()).toMatch(/JWT_SECRET: must be at least 32 characters/);
      expect((error as Error).message).not.toContain('too-short-secret');
    }
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), INVOICE_BANK_IBAN: 'FR7630006000011234567890189' });
    expect(production.database.createIfMissing).toBe(false);
  });

  it('parses lists and numbers, treating empty variables as unset', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', PORT: '', RATE_LIMIT_PER_MINUTE: '42' });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.port).toBe(3000);
    expect(config.rateLimit.perMinute).toBe(42);
  });

  it('runs without Stripe by default, and checks Stripe settings when given', () => {
    expect(loadConfig({}).stripe).toEqual({ secretKey: undefined, webhookSecret: undefined, api: { host: undefined, port: undefined, protocol: 'https' } });
    const local = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(local.stripe).toEqual({
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_abc',
      api: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    const badKey = problemsOf({ STRIPE_SECRET_KEY: 'pk_test_nope', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
    expect(badKey).toMatch(/^STRIPE_SECRET_KEY: must be a Stripe secret or restricted key/m);
    expect(badKey).not.toContain('pk_test_nope');
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), STRIPE_API_PROTOCOL: 'http' })).toMatch(
      /^STRIPE_API_PROTOCOL: must be https in production/m,
    );
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc123' })).toThrow(/STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set/);
  });

  it('takes a Stripe key for the contract tests only in test mode', () => {
    expect(readStripeContractKey({ STRIPE_TEST_SECRET_KEY: 'sk_test_abc' })).toBe('sk_test_abc');
    expect(readStripeContractKey({ STRIPE_TEST_SECRET_KEY: 'sk_live_abc' })).toBeUndefined();
    expect(readStripeContractKey({})).toBeUndefined();
  });

  it('takes the seller identity and bank account printed on invoices, checking the IBAN and the SIRET', () => {
    const config = loadConfig({ INVOICE_BANK_IBAN: 'fr76 3000 6000 0112 3456 7890 189', INVOICE_BANK_BIC: 'AGRIFRPPXXX', INVOICE_SELLER_RCS: 'RCS Paris 123 456 789' });
    expect(config.invoicing.bank).toEqual({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX' });
    expect(config.invoicing.seller).toEqual({
      name: 'Passerelle SAS',
      address: '1 rue de la Paix, 75002 Paris',
      siren: '123456789',
      siret: '12345678900012',
      vatNumber: 'FR32123456789',
      rcs: 'RCS Paris 123 456 789',
    });
    expect(loadConfig({}).invoicing.bank).toEqual({ iban: undefined, bic: undefined });
    expect(() => loadConfig({ INVOICE_BANK_IBAN: 'FR7630006000011234567890180' })).toThrow(/INVOICE_BANK_IBAN: must be a valid IBAN/);
    expect(() => loadConfig({ INVOICE_SELLER_SIRET: '98765432100010' })).toThrow(/INVOICE_SELLER_SIRET: must start with INVOICE_SELLER_SIREN/);
  });
});
