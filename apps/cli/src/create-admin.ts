import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig, readCliSecret } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';
import { AccountService, IdentityModule } from '@passerelle/identity';
import { RedisModule } from '@passerelle/redis';

@Module({ imports: [ConfigModule.forRoot(loadConfig()), DatabaseModule, RedisModule, IdentityModule] })
class CreateAdminModule {}

/** The password comes from ADMIN_PASSWORD or standard input, never from argv (shell history, ps). */
async function readPassword(): Promise<string> {
  const fromEnv = readCliSecret('ADMIN_PASSWORD');
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stdout.write('Password (not shown): ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (values.password !== undefined) {
    throw new Error('Refusing --password: pass it on standard input or in ADMIN_PASSWORD, never on the command line.');
  }
  if (!values.email) throw new Error('Usage: npm run admin:create -- --email admin@example.org [--name "Ada Admin"]');
  const password = await readPassword();
  if (password.length < 8 || password.length > 128) throw new Error('The password must have 8 to 128 characters.');

  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
  try {
    const admin = await app.get(AccountService).createFirstAdmin({
      email: values.email,
      password,
      displayName: values.name ?? 'Administrateur',
    });
    console.log(`Admin ${admin.email} created (id ${admin.id}).`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
