import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@passerelle/config';
import { ROLE_ORGANISATION_KIND, SessionService, type Role } from '@passerelle/identity';
import { createApiApp, type ApiAppOptions } from '../../../apps/api/src/api-app';
import { createOrganisation, createUser, type UserRow } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';
import { isolatedName, testConfig } from './test-env';

export interface LoggedIn {
  user: UserRow;
  accessToken: string;
  refreshToken: string;
  headers: { authorization: string };
}

export interface TestApi {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  /** A new user of this role (in a new organisation when the role has one), with a live session. */
  loginAs(role: Role, options?: { organisationId?: string }): Promise<LoggedIn>;
  close(): Promise<void>;
}

/** Generous limits so that only tests about rate limiting meet them; those pass their own. */
const TEST_DEFAULTS = { RATE_LIMIT_PER_MINUTE: '100000', LOGIN_MAX_ATTEMPTS_PER_IP: '100000' };

/**
 * The real API app, in-process (Fastify inject), on this test file's own database (a clone of the
 * migrated template) and its own Redis key prefix.
 */
export async function startTestApi(overrides: Record<string, string> = {}, options: ApiAppOptions = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = testConfig(db.name, isolatedName('redis'), { ...TEST_DEFAULTS, ...overrides });
  const app = await createApiApp(config, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  const sessions = app.get(SessionService);

  return {
    app,
    config,
    db,
    dataSource,
    async loginAs(role, options = {}) {
      const kind = ROLE_ORGANISATION_KIND[role];
      const organisationId = options.organisationId ?? (kind ? (await createOrganisation(dataSource, kind)).id : undefined);
      const user = await createUser(dataSource, { role, organisationId });
      const pair = await sessions.open({ id: user.id, roles: user.roles }, { ip: '127.0.0.1', requestId: 'test' });
      return { user, ...pair, headers: { authorization: `Bearer ${pair.accessToken}` } };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
