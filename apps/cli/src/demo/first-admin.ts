import { spawn } from 'node:child_process';

/**
 * Runs the compiled `admin:create` command (`create-admin.js`) as an operator would, the password
 * in ADMIN_PASSWORD (never on the command line). `env` is the child's whole environment.
 */
export function runCreateAdmin(script: string, env: Record<string, string | undefined>, email: string, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--email', email, '--name', 'Administratrice Passerelle'], {
      env: { ...env, ADMIN_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`admin:create exited with ${code}: ${output}`))));
  });
}
