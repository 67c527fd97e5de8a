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
  const report: ReconcileReport = { scheduled: 0, expiries: 0, removed: 0 };
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
  await inChunks(stale, CHUNK, (job) => deps.scheduler.unschedule({ id: job.checkInId, dueAt: new Date(job.dueAt) }));
  report.removed = stale.length;

  const unarmed = pending.filter((c) => c.status === 'scheduled' && !armed.has(c.id));
  await inChunks(unarmed, CHUNK, (checkIn) => deps.scheduler.schedule(checkIn));
  report.scheduled = unarmed.length;

  const sent = pending.filter((c) => c.status === 'sent' && c.sentAt);
  await inChunks(sent, CHUNK, (checkIn) =>
    deps.scheduler.scheduleExpiry(checkIn, new Date(checkIn.sentAt!.getTime() + deps.answerWindowMs)),
  );
  report.expiries = sent.length;
  if (report.scheduled + report.removed > 0) deps.log.info({ ...report }, 'check-ins reconciled');
  return report;
}
