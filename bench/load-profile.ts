/**
 * Where a message's CPU goes at the offered load against the closed loop: the service and the simulated
 * phones in this process (as in `bench:pipeline`), 400 survivors, a closed-loop warm-up and `ANALYZE`,
 * then `BENCH_SECONDS` (20) at `BENCH_OFFERED` msg/s (200) and as long in a closed loop, each under V8's
 * sampling profiler. Prints the process's CPU a message in each, then the sampled µs a message by place
 * (package, folder of ours, Node, V8) and by function, the largest growth first. The profiler's fixed
 * cost a second weighs more a message at the lower rate: compare places, not the totals.
 *
 * @example
 * npm run bench:load-profile
 */
import { Session } from 'node:inspector/promises';
import { createLogger } from '../src/observability/logger.js';
import { systemClock } from '../src/app/system-clock.js';
import { startService } from '../src/service.js';
import { createSandbox } from './support/sandbox.js';
import { drive, seed } from './support/survivors.js';
import { sampledTime, type CpuProfile } from './support/profile-places.js';

/** One profiled window: messages completed, the process's CPU a message, and the sampled time. */
interface Window {
  completed: number;
  cpuMsPerMessage: number;
  places: Map<string, number>;
  functions: Map<string, number>;
}

/** Runs `work` under the sampling profiler (100 µs) and measures this process's CPU meanwhile. */
async function profiled(work: () => Promise<{ completed: number }>): Promise<Window> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const cpuBefore = process.cpuUsage();
  await session.post('Profiler.start');
  const { completed } = await work();
  const { profile } = await session.post('Profiler.stop');
  const cpu = process.cpuUsage(cpuBefore);
  session.disconnect();
  return { completed, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / completed, ...sampledTime(profile as CpuProfile) };
}

/** Rows of µs a message in the open and the closed window, the largest growth first. */
function growth(open: Map<string, number>, openCount: number, closed: Map<string, number>, closedCount: number, rows: number): string[] {
  const names = new Set([...open.keys(), ...closed.keys()]);
  return [...names]
    .map((name) => ({ name, open: (open.get(name) ?? 0) / openCount, closed: (closed.get(name) ?? 0) / closedCount }))
    .sort((a, b) => b.open - b.closed - (a.open - a.closed))
    .slice(0, rows)
    .map((r) => `${r.open.toFixed(0).padStart(7)} ${r.closed.toFixed(0).padStart(7)} ${(r.open - r.closed).toFixed(0).padStart(7)}  ${r.name}`);
}

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const offered = Number(process.env.BENCH_OFFERED ?? 200);
const sandbox = await createSandbox({ PORT: '0' });
const service = await startService(sandbox.config, { log: createLogger({ level: 'silent' }), clock: systemClock });
try {
  await service.server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = service.server.addresses()[0] as { port: number };
  const survivors = await seed(service.db, sandbox.config, 400);
  const run = (mode: Parameters<typeof drive>[5]) => drive(service.flows, `http://127.0.0.1:${port}`, sandbox.config.QUEUE_PREFIX, sandbox.config.REDIS_URL, survivors, mode);
  await run({ kind: 'closed', seconds: 20 });
  await service.db.$executeRawUnsafe('ANALYZE');
  const open = await profiled(() => run({ kind: 'open', perSecond: offered, seconds }));
  const closed = await profiled(() => run({ kind: 'closed', seconds }));
  console.log(`${offered} msg/s: ${open.completed} messages, ${open.cpuMsPerMessage.toFixed(2)} ms of CPU a message`);
  console.log(`closed loop: ${closed.completed} messages, ${closed.cpuMsPerMessage.toFixed(2)} ms of CPU a message`);
  console.log(`\nsampled µs a message by place: at ${offered} msg/s, closed loop, growth`);
  for (const line of growth(open.places, open.completed, closed.places, closed.completed, 30)) console.log(line);
  console.log('\nby function');
  for (const line of growth(open.functions, open.completed, closed.functions, closed.completed, 40)) console.log(line);
} finally {
  await service.close();
  await sandbox.dispose();
}
