import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * The arguments `npm start` gives Node (`package.json`'s `start` script without its leading `node`):
 * its options (memory settings included) and `dist/main.js`. Every service process of the tests and
 * benchmarks starts with them, so what is measured is what runs in production.
 */
export function startArguments(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = manifest.scripts.start.trim().split(/\s+/);
  if (command !== 'node' || args.at(-1) !== 'dist/main.js') throw new Error(`package.json's start script must be "node [options] dist/main.js", not "${manifest.scripts.start}"`);
  return args;
}

/**
 * Starts the service in a child process with `env` added to a minimal environment. It runs the build
 * in `dist/`, which the test run's global setup (and a benchmark's `startServiceProcess`) brings up
 * to date with the sources first.
 */
export function runMain(env: Record<string, string>): MainProcess {
  const started = Date.now();
  const child = spawn(process.execPath, startArguments(), {
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
