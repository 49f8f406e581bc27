import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface OwnedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are terminated, new ones refused. */
  stop(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed the Debian way, or those on the PATH. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : '';
}

/** initdb and postgres refuse to run as root: then they run as the `postgres` system user. */
function asServerUser(binary: string, args: string[]): { command: string; args: string[] } {
  return userInfo().uid === 0 ? { command: 'runuser', args: ['-u', 'postgres', '--', binary, ...args] } : { command: binary, args };
}

function run(binary: string, args: string[]): void {
  const { command, args: fullArgs } = asServerUser(binary, args);
  // pg_ctl's server keeps the pipes open: its log goes to a file, our end stays out of it.
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}${result.error ?? ''}`);
}

/**
 * A PostgreSQL cluster this test owns (own data directory, own port, trust auth for `postgres`), so a
 * test can stop and restart PostgreSQL without touching the shared one other test files use.
 */
export async function ownPostgres(): Promise<OwnedPostgres> {
  const bin = binDir();
  const tool = (name: string) => (bin ? join(bin, name) : name);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-pg-'));
  const data = join(dir, 'data');
  if (userInfo().uid === 0) {
    const server = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const uid = Number(server.stdout.trim());
    if (server.status !== 0 || !Number.isInteger(uid)) throw new Error('running as root, and there is no postgres user to run initdb as');
    chownSync(dir, uid, Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
    chmodSync(dir, 0o700);
  }
  run(tool('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const pgCtl = (...args: string[]) => run(tool('pg_ctl'), ['-D', data, ...args]);
  let running = false;
  const stop = async (): Promise<void> => {
    if (!running) return;
    pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
    running = false;
  };
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      // Unix socket in the cluster's own directory: never in /var/run/postgresql, never the shared one's.
      pgCtl('-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start');
      running = true;
    },
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
