import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readTestSettings } from '../../config/src/app-config';
import { freePort } from './free-port';

const REPO = resolve(__dirname, '..', '..', '..');

export interface AppProcess {
  /** Everything the process wrote so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves when a line of output matches, rejects when the process exits or the time is up. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the signal and waits for the exit (code null and the signal when the process ended by one). */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  readonly pid: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcess extends AppProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

/**
 * The compiled apps of this test run (`.test-dist/<run>`, built once per run whatever the number of
 * Jest workers asking): tests that need real, separate API and worker processes run what `npm start`
 * runs, compiled from the working tree.
 */
export function ensureAppsBuilt(): string {
  const outDir = join(REPO, '.test-dist', readTestSettings().runId);
  const done = join(outDir, '.built');
  const lock = `${outDir}.lock`;
  for (let waited = 0; !existsSync(done); waited += 200) {
    if (tryLock(lock)) {
      const steps: [string, string[]][] = [
        [join(REPO, 'node_modules/typescript/bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir]],
        [join(REPO, 'node_modules/tsc-alias/dist/bin/index.js'), ['-p', 'tsconfig.build.json', '--outDir', outDir]],
      ];
      for (const [script, args] of steps) {
        const result = spawnSync(process.execPath, [script, ...args], { cwd: REPO, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`building the apps failed:\n${result.stdout}${result.stderr}`);
      }
      writeFileSync(done, new Date().toISOString());
      break;
    }
    if (waited > 180_000) throw new Error(`the apps of run ${readTestSettings().runId} were not built within 3 minutes`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  return outDir;
}

function tryLock(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  try {
    mkdirSync(path);
    return true;
  } catch {
    return false;
  }
}

function startProcess(entry: string, env: Record<string, string>): AppProcess {
  // The child gets exactly the test's environment: nothing of the developer's shell leaks in.
  // Logs stay in memory (output()), so they are kept at info even when the test itself is silent.
  const logLevel = env.LOG_LEVEL === undefined || env.LOG_LEVEL === 'silent' ? 'info' : env.LOG_LEVEL;
  const child: ChildProcess = spawn(process.execPath, [join(ensureAppsBuilt(), entry)], {
    cwd: REPO,
    env: { ...env, LOG_LEVEL: logLevel },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.once('exit', () => {
    for (const waiter of waiters) waiter();
  });

  return {
    pid: child.pid ?? -1,
    output: () => text,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => finish(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
        const check = (): void => {
          const line = text.split('\n').find((candidate) => pattern.test(candidate));
          if (line !== undefined) finish(undefined, line);
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(new Error(`process exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`));
          }
        };
        const finish = (error?: Error, line?: string): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolvePromise(line as string);
        };
        waiters.add(check);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, exitSignal] = await exited;
      return { code, signal: exitSignal };
    },
  };
}

/** The real API (`apps/api`) as its own process on a free port; resolves once GET /health answers 200. */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ApiProcess> {
  const port = await freePort();
  const app = startProcess('apps/api/src/main.js', { ...env, HOST: '127.0.0.1', PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; ) {
    const healthy = await fetch(`${url}/health`).then((response) => response.status === 200, () => false);
    if (healthy) return { ...app, url };
    if (Date.now() - started > timeoutMs) {
      await app.kill('SIGKILL');
      throw new Error(`the API did not become healthy within ${timeoutMs} ms:\n${app.output()}`);
    }
    await app.waitForOutput(/API failed to start/, 250).then(
      () => Promise.reject(new Error(`the API failed to start:\n${app.output()}`)),
      (error: Error) => (/exited/.test(error.message) ? Promise.reject(error) : undefined),
    );
  }
}

/** The real worker (`apps/worker`) as its own process; resolves once it says it has started. */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const worker = startProcess('apps/worker/src/main.js', env);
  await worker.waitForOutput(/worker started/, timeoutMs).catch(async (error: unknown) => {
    await worker.kill('SIGKILL');
    throw error;
  });
  return worker;
}
