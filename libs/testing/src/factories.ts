import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import type { OrganisationKind, Role } from '@passerelle/identity';

export const TEST_PASSWORD = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;

/** One real argon2id hash per test process, reused by every factory-made user. */
function testPasswordHash(): Promise<string> {
  passwordHash ??= hash(TEST_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  return passwordHash;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@test.passerelle.local`;
}

export interface OrganisationRow {
  id: string;
  kind: OrganisationKind;
  name: string;
}

export async function createOrganisation(
  dataSource: DataSource,
  kind: OrganisationKind,
  name = `${kind} ${randomBytes(3).toString('hex')}`,
): Promise<OrganisationRow> {
  const [row] = await dataSource.query(
    'INSERT INTO organisations (kind, name) VALUES ($1, $2) RETURNING id, kind, name',
    [kind, name],
  );
  return row as OrganisationRow;
}

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  organisationId?: string;
}

export async function createUser(
  dataSource: DataSource,
  options: { role: Role; email?: string; displayName?: string; organisationId?: string; status?: 'active' | 'disabled' },
): Promise<UserRow> {
  const email = options.email ?? uniqueEmail(options.role);
  const displayName = options.displayName ?? `Test ${options.role}`;
  const [row] = await dataSource.query(
    `INSERT INTO users (email, password_hash, display_name, roles, status)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [email, await testPasswordHash(), displayName, [options.role], options.status ?? 'active'],
  );
  const id = (row as { id: string }).id;
  if (options.organisationId) {
    await dataSource.query('INSERT INTO memberships (user_id, organisation_id) VALUES ($1, $2)', [id, options.organisationId]);
  }
  return { id, email, displayName, roles: [options.role], organisationId: options.organisationId };
}
