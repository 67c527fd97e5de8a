/**
 * Import benchmark: 100,000 generated interventions (a unit loading its history: a year of rows, most
 * with a number, 5 % of them a number already seen in the file, a third consenting to follow-up) as one
 * CSV, imported into an empty database through the same use case as `acompana import interventions`
 * (one transaction: all or nothing); then the same file once more, into another empty database, with
 * the command itself (`acompana import interventions FILE.csv`, its own process), for the memory a
 * coordinator's import takes. Prints one JSON line:
 *
 *   {"rows":100000,"seconds":12.3,"rows_per_s":8130,"peak_rss_mb":250,"cli_seconds":14.1,"in_process_peak_rss_mb":300,
 *    "start_rss_mb":170,"read_seconds":2.1,"cpu_seconds":9.8,"pg_cpu_seconds":6.1,"cpu_seconds_per_1000_rows":0.159}
 *
 *   npm run bench:import            (BENCH_IMPORT_ROWS=20000 for a shorter run)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/app/system-clock.js';
import { importInterventions } from '../src/app/records/import-interventions.js';
import { streamInterventionsFile } from '../src/app/records/read-interventions-file.js';
import { loadCheckInPlanning } from '../src/cli/records/check-in-planning.js';
import { createLogger } from '../src/observability/logger.js';
import { createDatabase, poolOf } from '../src/persistence/database.js';
import { prismaInterventionImportStore } from '../src/persistence/records/intervention-import-store.js';
import { FieldCipher } from '../src/privacy/field-cipher.js';
import { phoneHasher } from '../src/privacy/phone-hash.js';
import { createSandbox } from './support/sandbox.js';
import { VIDEO_FLOWS } from '../src/roles/follow-up-settings.js';
import { DEFAULT_SETTINGS } from '../src/engine/index.js';

/** Figures the import benchmark prints. */
export interface ImportBenchResult {
  rows: number;
  seconds: number;
  rows_per_s: number;
  /** The largest resident memory of `acompana import interventions` importing the file, start to exit, in MB. */
  peak_rss_mb: number;
  /** That command's time, start to exit (Node, the CLI, the import), in seconds. */
  cli_seconds: number;
  /**
   * The benchmark process's largest resident memory during its own import, in MB: more than the
   * command's, as it also holds what made the database (Prisma's migration engine) and the file.
   */
  in_process_peak_rss_mb: number;
  /** The benchmark process's resident memory when its import started. */
  start_rss_mb: number;
  /** Reading and checking the file alone (measured on its own, after the import). */
  read_seconds: number;
  /** CPU time of this process during the import (PostgreSQL's is not in it): a figure less disturbed by a busy machine. */
  cpu_seconds: number;
  /** CPU time of the PostgreSQL backends connected to the benchmark's database during the import. */
  pg_cpu_seconds: number;
  /** Node's and PostgreSQL's CPU per 1,000 rows, in seconds: the figure to compare runs made under different load. */
  cpu_seconds_per_1000_rows: number;
}

/** CPU seconds used so far by each PostgreSQL backend connected to the database of `db` (Linux: /proc). */
async function backendCpuSeconds(db: ReturnType<typeof createDatabase>): Promise<Map<number, number>> {
  const ticks = 100; // USER_HZ on Linux
  const { rows } = await poolOf(db).query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / ticks);
  }
  return cpu;
}

const LINES = ['acompanamiento_previo', 'intervencion_12_48h', 'intervencion_12_48h', 'intervencion_12_48h', 'atencion_subsecuente', 'seguimiento'];

/**
 * `rows` interventions over the year before `now`, as the unit's CSV (its own column names), written
 * line by line into one buffer: an array of 100,000 lines joined into a string left tens of MB of
 * garbage in the process before the import started, counted in its memory.
 */
export function generatedInterventionsCsv(rows: number, now: Date): Buffer {
  let file = Buffer.alloc(128 * (rows + 1));
  let length = 0;
  const write = (line: string) => {
    if (length + line.length * 3 + 1 > file.length) file = Buffer.concat([file.subarray(0, length), Buffer.alloc(file.length)]);
    length += file.write(`${line}\n`, length, 'utf8');
  };
  write('folio,fecha_hora,servicio,vertiente,canal,telefono,alias,consentimiento_seguimiento,banavim_folio');
  const yearMs = 365 * 24 * 3600_000;
  const start = now.getTime() - yearMs;
  for (let i = 0; i < rows; i += 1) {
    const at = new Date(start + Math.floor((yearMs - 3600_000) * (i / rows)) - 5 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '-05:00');
    const line = LINES[i % LINES.length]!;
    const channel = line === 'seguimiento' ? (i % 2 === 0 ? 'whatsapp' : 'videollamada') : 'telefono_911';
    // 85 % leave a number; one row in twenty repeats the number of an earlier row (the same woman again).
    const phoneOf = (n: number) => `998${String(1_000_000 + n).padStart(7, '0')}`;
    const phone = i % 20 === 7 && i > 100 ? phoneOf(i - 97) : i % 7 === 3 ? '' : phoneOf(i);
    write(
      [
        `QR-${String(i + 1).padStart(7, '0')}`,
        at,
        i % 5 === 0 ? 'juridica' : 'psicologica',
        line,
        channel,
        phone,
        i % 4 === 0 ? `Alias ${i % 100_000}` : '',
        phone !== '' && i % 3 === 0 ? 'si' : 'no',
        i % 3 === 1 ? `BNV-${String(i + 1).padStart(7, '0')}` : '',
      ].join(','),
    );
  }
  return file.subarray(0, length);
}

/** Runs the import once into an empty database and returns the figures. */
export async function benchImport(options: { rows?: number } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 100_000;
  const sandbox = await createSandbox();
  const db = createDatabase(sandbox.config.DATABASE_URL, { poolSize: 4 });
  try {
    const planning = await loadCheckInPlanning(sandbox.config);
    if (!planning.ok) throw new Error(planning.problems.join('\n'));
    const now = new Date();
    const file = generatedInterventionsCsv(rows, now);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const pgBefore = await backendCpuSeconds(db);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await importInterventions(
      {
        store: prismaInterventionImportStore(db, { cipher: new FieldCipher(sandbox.config.DATA_KEYS), hashPhone: phoneHasher(sandbox.config.PHONE_HASH_KEY) }),
        checkIns: planning.planning,
        invitationFlows: [VIDEO_FLOWS.invitation],
        deniedWords: DEFAULT_SETTINGS.denyList,
        clock: systemClock,
        log: createLogger({ level: 'silent' }),
      },
      { file, actor: { staffId: null, via: 'cli' } },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    let pgCpu = 0;
    for (const [pid, seconds] of await backendCpuSeconds(db)) pgCpu += seconds - (pgBefore.get(pid) ?? 0);
    const nodeCpu = (cpu.user + cpu.system) / 1e6;
    if (!result.ok || result.outcome.created !== rows) throw new Error('the generated file was not imported whole');
    // Reading alone is timed after the import, so its garbage is not in the import's peak memory.
    const readStarted = performance.now();
    const read = await streamInterventionsFile(file, { now });
    let readRows = 0;
    for await (const row of read.rows) if (row) readRows += 1;
    const readSeconds = (performance.now() - readStarted) / 1000;
    const problems = read.problems();
    if (problems.length > 0 || readRows !== rows) throw new Error(`generated file refused: ${JSON.stringify(problems.slice(0, 3))}`);
    const command = await importWithTheCommand(file);
    return {
      rows,
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: Math.round(rows / seconds),
      peak_rss_mb: command.peakRssMb,
      cli_seconds: command.seconds,
      in_process_peak_rss_mb: Math.round(peak / 1024 / 1024),
      start_rss_mb: Math.round(rssBefore / 1024 / 1024),
      read_seconds: Number(readSeconds.toFixed(2)),
      cpu_seconds: Number(nodeCpu.toFixed(2)),
      pg_cpu_seconds: Number(pgCpu.toFixed(2)),
      cpu_seconds_per_1000_rows: Number((((nodeCpu + pgCpu) * 1000) / rows).toFixed(3)),
    };
  } finally {
    await db.$disconnect();
    await sandbox.dispose();
  }
}

const CLI = fileURLToPath(new URL('../bin/acompana.mjs', import.meta.url));
const REPORT_MAX_RSS = fileURLToPath(new URL('./support/report-max-rss.mjs', import.meta.url));

/**
 * Imports `file` into an empty database of its own with `acompana import interventions`, as a
 * coordinator would, and returns that process's largest resident memory and its time.
 */
async function importWithTheCommand(file: Buffer): Promise<{ peakRssMb: number; seconds: number }> {
  const sandbox = await createSandbox();
  const folder = await mkdtemp(join(tmpdir(), 'acompana-bench-import-'));
  try {
    const path = join(folder, 'intervenciones.csv');
    await writeFile(path, file);
    const env = { ...process.env, DATABASE_URL: sandbox.config.DATABASE_URL, REDIS_URL: sandbox.config.REDIS_URL, LOG_LEVEL: 'silent' };
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_MAX_RSS, CLI, 'import', 'interventions', path], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    const maxRss = /max_rss_kb=(\d+)/.exec(out);
    if (code !== 0 || !maxRss) throw new Error(`acompana import interventions failed (${code}): ${out.slice(-500)}`);
    return { peakRssMb: Math.round(Number(maxRss[1]) / 1024), seconds: Number(seconds.toFixed(2)) };
  } finally {
    await rm(folder, { recursive: true, force: true });
    await sandbox.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  const result = await benchImport({ rows });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
