import { fileURLToPath } from 'node:url';
import { buildProjectIfStale } from '../../scripts/build/compile.mjs';
import { freePort } from '../../test/support/free-port.js';
import { runMain } from '../../test/support/run-main.js';
import { BENCH_PHONES_ENV } from './sandbox.js';

/** A process of the service the benchmark started (as `npm start` starts it). */
export interface ServiceProcess {
  /** Its base URL (`http://127.0.0.1:<port>`). */
  url: string;
  /** Its process id (its resident memory is in `/proc/<pid>/status`). */
  pid: number;
  /** Stops it (SIGTERM: it drains) and waits for it to exit. */
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts the service as `npm start` does (`dist/main.js`, compiled first if the sources changed) with
 * `env` on a free port and resolves once its `/healthz` says it is ok. Give it a quiet `LOG_LEVEL`: what
 * it prints is kept until it exits.
 */
export async function startServiceProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServiceProcess> {
  await buildProjectIfStale(ROOT);
  const port = await freePort();
  const main = runMain({ ...BENCH_PHONES_ENV, ...env, PORT: String(port) });
  const early: { exit?: Awaited<typeof main.exited> } = {};
  void main.exited.then((exit) => (early.exit = exit));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (early.exit) throw new Error(`a ${env.ROLES ?? 'service'} process exited at start: ${early.exit.stderr.slice(-500)}`);
    if (Date.now() > deadline) {
      main.kill('SIGKILL');
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
    url: `http://127.0.0.1:${port}`,
    pid: main.pid,
    async stop() {
      main.kill('SIGTERM');
      await main.exited;
    },
  };
}
