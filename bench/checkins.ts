/**
 * Check-in benchmark: how long it takes to put 100,000 check-ins into Redis (the reconciler's path,
 * the same one that runs after Redis loses its data) and how much memory each costs there; then how
 * late check-ins fire under load: 2,000 due over ten seconds, sent through the simulator.
 *
 *   npm run bench:checkins            (also part of `npm run bench`)
 *   npm run bench:checkins -- burst   (10,000 check-ins due at Monday 10:00 on the Cloud API: checkin-burst.ts)
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../src/observability/logger.js';
import { systemClock } from '../src/app/system-clock.js';
import { FieldCipher } from '../src/privacy/field-cipher.js';
import { phoneHasher } from '../src/privacy/phone-hash.js';
import { startService } from '../src/service.js';
import { createSandbox, percentile } from './support/sandbox.js';
import { seedCases } from './support/consenting-cases.js';
import { benchCheckInBurst } from './checkin-burst.js';

/** Figures the check-in benchmark prints. */
export interface CheckInBenchResult {
  scheduled: number;
  schedule_seconds: number;
  jobs_per_s: number;
  redis_bytes_per_checkin: number;
  fired: number;
  lateness_p50_ms: number;
  lateness_p99_ms: number;
  delivery_p99_ms: number;
}

const ALWAYS = { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none', RECONCILE_EVERY_SECONDS: '3600' };

/** Runs both measurements and returns the figures. */
export async function benchCheckIns(options: { total?: number; burst?: number } = {}): Promise<CheckInBenchResult> {
  const total = options.total ?? 100_000;
  const burst = options.burst ?? 2_000;
  const sandbox = await createSandbox(ALWAYS);
  const log = createLogger({ level: 'silent' });
  const service = await startService(sandbox.config, { log, clock: systemClock });
  try {
    const cipher = new FieldCipher(sandbox.config.DATA_KEYS);
    const hash = phoneHasher(sandbox.config.PHONE_HASH_KEY);

    // 1. 100,000 check-ins, a month ahead, five per case: rows first, then the reconciler arms them.
    const { cases } = await seedCases(service.db, cipher, hash, 0, total / 5);
    const now = Date.now();
    const rows = cases.flatMap((c) =>
      [3, 7, 15, 30, 45].map((days, k) => ({
        caseId: c.id,
        planItem: `p${k}`,
        flowId: 'primer-contacto',
        plannedAt: new Date(now + days * 86_400_000),
        dueAt: new Date(now + days * 86_400_000 + Math.floor(Math.random() * 3_600_000)),
      })),
    );
    for (let i = 0; i < rows.length; i += 5_000) await service.db.checkIn.createMany({ data: rows.slice(i, i + 5_000) });
    const memoryBefore = await sandbox.redisMemory();
    const started = performance.now();
    const report = await service.checkIns.reconcile();
    const seconds = (performance.now() - started) / 1000;
    const perCheckIn = ((await sandbox.redisMemory()) - memoryBefore) / report.scheduled;
    await service.db.checkIn.updateMany({ data: { status: 'cancelled' } });
    await service.checkIns.reconcile();

    // 2. Lateness: `burst` check-ins due over the next ten seconds, fired by the running workers.
    const { cases: burstCases } = await seedCases(service.db, cipher, hash, total, burst);
    const start = Date.now() + 2_000;
    const due = burstCases.map((c, i) => ({ caseId: c.id, planItem: `burst-${randomBytes(2).toString('hex')}`, flowId: 'primer-contacto', plannedAt: new Date(start + (i * 10_000) / burst), dueAt: new Date(start + (i * 10_000) / burst) }));
    await service.db.checkIn.createMany({ data: due });
    await service.checkIns.reconcile();
    const deadline = Date.now() + 120_000;
    let fired: { dueAt: Date; sentAt: Date | null }[] = [];
    while (Date.now() < deadline) {
      fired = await service.db.checkIn.findMany({ where: { planItem: { startsWith: 'burst-' }, status: 'sent' }, select: { dueAt: true, sentAt: true } });
      if (fired.length >= burst) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const lateness = fired.map((f) => f.sentAt!.getTime() - f.dueAt.getTime());
    const delivered = await service.db.$queryRaw<{ ms: number }[]>`
      SELECT EXTRACT(EPOCH FROM (MIN(ct."statusAt") - ci."dueAt")) * 1000 AS ms
      FROM "CheckIn" ci JOIN "Contact" ct ON ct."causeId" = ci.id AND ct.status = 'sent'
      WHERE ci."planItem" LIKE 'burst-%' GROUP BY ci.id, ci."dueAt"`;
    return {
      scheduled: report.scheduled,
      schedule_seconds: Number(seconds.toFixed(2)),
      jobs_per_s: Math.round(report.scheduled / seconds),
      redis_bytes_per_checkin: Math.round(perCheckIn),
      fired: fired.length,
      lateness_p50_ms: Math.round(percentile(lateness, 50)),
      lateness_p99_ms: Math.round(percentile(lateness, 99)),
      delivery_p99_ms: Math.round(percentile(delivered.map((d) => Number(d.ms)), 99)),
    };
  } finally {
    await service.close();
    await sandbox.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npm run bench:checkins -- burst` (or BENCH_CHECKINS_MODE=burst): the Cloud API burst instead.
  const result =
    process.argv.includes('burst') || process.env.BENCH_CHECKINS_MODE === 'burst'
      ? await benchCheckInBurst({
          burst: Number(process.env.BENCH_BURST ?? 10_000),
          perSecond: Number(process.env.BENCH_BURST_RATE ?? 80),
          spreadMs: Number(process.env.BENCH_BURST_SPREAD_MS ?? 60_000),
          ...(process.env.BENCH_BURST_TIMEOUT_S ? { timeoutMs: Number(process.env.BENCH_BURST_TIMEOUT_S) * 1000 } : {}),
        })
      : await benchCheckIns({ total: Number(process.env.BENCH_CHECKINS ?? 100_000) });
  console.table(result);
  console.log(JSON.stringify(result));
}
