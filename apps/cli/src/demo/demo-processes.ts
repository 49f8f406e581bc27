import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';

/** A compiled app (`dist/apps/<app>/src/main.js`) the demo runs as its own process, its output kept for a failure report. */
export interface DemoProcess {
  name: string;
  output(): string;
  stop(): Promise<void>;
}

export function startApp(name: string, script: string, env: Record<string, string | undefined>): DemoProcess & { child: ChildProcess } {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  return {
    name,
    child,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves once `probe` is true; fails when the process exits first or after `timeoutMs`. */
export async function waitUntil(app: DemoProcess & { child: ChildProcess }, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (await probe().catch(() => false)) return;
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited (${app.child.exitCode}):\n${app.output()}`);
    if (Date.now() > deadline) throw new Error(`${app.name} not ready within ${timeoutMs / 1000} s:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whether something accepts TCP connections at the SMTP URL's host and port (the mail catcher). */
export function smtpListening(smtpUrl: string): Promise<boolean> {
  const url = new URL(smtpUrl);
  const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 25));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: 1500 });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
