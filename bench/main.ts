/**
 * `npm run bench`: every benchmark, one after the other, each in a process of its own so none warms or
 * loads the next: the flow engine, the check-in scheduler, then the pipeline. The pipeline runs last, so
 * the last line printed is its JSON line (`e2e_msgs_per_s`, `raw_jobs_per_s`, `ratio`, `p50_ms`,
 * `p99_ms`, `rss_mb`, …). Each benchmark's own settings (`BENCH_SECONDS`, `BENCH_OFFERED`,
 * `BENCH_CHECKINS`, …) pass through the environment.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The benchmarks `npm run bench` runs, in order; the pipeline's JSON line must come last. */
const BENCHMARKS = ['engine.ts', 'checkins.ts', 'pipeline.ts'] as const;

function run(file: string): Promise<void> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${file} ended with ${signal ?? `exit code ${code}`}`))));
  });
}

for (const file of BENCHMARKS) {
  console.log(`\n== ${file.replace(/\.ts$/, '')}`);
  await run(file);
}
