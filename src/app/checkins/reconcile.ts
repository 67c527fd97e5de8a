import { inChunks } from '../in-chunks.js';
import type { CheckInDeps } from './deps.js';

/** Jobs added or removed at once while reconciling. */
const CHUNK = 200;

/** What a reconciliation changed in Redis. */
export interface ReconcileReport {
  /** Fire jobs (re)created for scheduled check-ins that had none, or one for an older due time. */
  scheduled: number;
  /** Expiry jobs made sure of for sent check-ins. */
  expiries: number;
  /** Fire jobs removed because their check-in is no longer scheduled at that time. */
  removed: number;
  /** Check-ins (or jobs) that could not be armed or removed; each is logged by id and retried next time. */
  failed: number;
}

/**
 * Makes Redis match the database, which is the truth: every scheduled check-in gets its delayed job
 * (an overdue one fires at once, and firing moves it if now is outside her safe hours), every sent one
 * its expiry, and jobs left for cancelled, answered or moved check-ins are removed. Run at start and
 * every few minutes; after Redis loses its data, nothing is lost.
 */
export async function reconcileCheckIns(deps: Pick<CheckInDeps, 'store' | 'scheduler' | 'answerWindowMs' | 'log'>): Promise<ReconcileReport> {
  const pending = await deps.store.pending();
  const jobs = await deps.scheduler.scheduledJobs();
  const report: ReconcileReport = { scheduled: 0, expiries: 0, removed: 0, failed: 0 };
  // One row that cannot be armed (a corrupt date, a refused job) is logged and skipped: it must
  // never keep every other check-in from being armed.
  const each =
    <T>(idOf: (item: T) => string, work: (item: T) => Promise<unknown>) =>
    async (item: T) => {
      try {
        await work(item);
      } catch (error) {
        report.failed += 1;
        deps.log.error({ checkInId: idOf(item), err: { name: (error as Error).name, code: (error as { code?: unknown }).code } }, 'check-in could not be reconciled');
      }
    };
  const scheduledDue = new Map<string, number>();
  for (const checkIn of pending) {
    if (checkIn.status === 'scheduled') scheduledDue.set(checkIn.id, checkIn.dueAt.getTime());
  }
  const armed = new Set<string>();
  const stale = jobs.filter((job) => {
    if (scheduledDue.get(job.checkInId) !== job.dueAt) return true;
    armed.add(job.checkInId);
    return false;
  });
  await inChunks(stale, CHUNK, each((job) => job.checkInId, (job) => deps.scheduler.unschedule({ id: job.checkInId, dueAt: new Date(job.dueAt) })));
  report.removed = stale.length;

  const unarmed = pending.filter((c) => c.status === 'scheduled' && !armed.has(c.id));
  await inChunks(unarmed, CHUNK, each((checkIn) => checkIn.id, (checkIn) => deps.scheduler.schedule(checkIn)));
  report.scheduled = unarmed.length;

  const sent = pending.filter((c) => c.status === 'sent' && c.sentAt);
  await inChunks(
    sent,
    CHUNK,
    each(
      (checkIn) => checkIn.id,
      (checkIn) => deps.scheduler.scheduleExpiry(checkIn, new Date(checkIn.sentAt!.getTime() + deps.answerWindowMs)),
    ),
  );
  report.expiries = sent.length;
  if (report.scheduled + report.removed + report.failed > 0) deps.log.info({ ...report }, 'check-ins reconciled');
  return report;
}
