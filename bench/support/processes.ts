import { spawn } from 'node:child_process';
import { freePort } from '../../test/support/free-port.js';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A process of the service the benchmark started (as `npm start` starts it). */
export interface ServiceProcess {
  /** Stops it (SIGTERM: it drains) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `src/main.ts` with `env` and resolves once its `/healthz` says it is ok. */
export async function startServiceProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (dead) throw new Error(`a ${env.ROLES ?? 'service'} process exited at start: ${stderr.slice(-500)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`a ${env.ROLES ?? 'service'} process did not start within ${timeoutMs} ms`);
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.json() as Promise<{ status?: string }>,
      () => null,
    );
    if (health?.status === 'ok') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
