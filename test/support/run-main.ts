import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A service process started as `npm start` starts it: `src/main.ts` compiled, `dist/main.js`. */
export interface MainProcess {
  /** The child's process id. */
  pid: number;
  /** Resolves with the exit code and everything printed, once it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
  kill(signal: NodeJS.Signals): void;
  stdout(): string;
}

/**
 * Starts the service in a child process with `env` added to a minimal environment. It runs the build
 * in `dist/`, which the test run's global setup (and a benchmark's `startServiceProcess`) brings up
 * to date with the sources first.
 */
export function runMain(env: Record<string, string>): MainProcess {
  const started = Date.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Awaited<MainProcess['exited']>>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return { pid: child.pid!, exited, kill: (signal) => child.kill(signal), stdout: () => stdout };
}
