import type { Queue } from 'bullmq';
import type { CheckInScheduler } from '../app/checkins/ports.js';
import type { Clock } from '../app/ports.js';
import { expiryJobId, fireJobId, parseFireJobId, type CheckInJob } from './checkin-jobs.js';

/**
 * The {@link CheckInScheduler} on a BullMQ queue: a delayed job per check-in and due time, with a
 * deterministic id, so scheduling twice adds one job and a moved check-in leaves only a stale job that
 * fires harmlessly (the row says it is not due) until the reconciler removes it.
 */
export function queueCheckInScheduler(queue: Queue<CheckInJob>, clock: Clock): CheckInScheduler {
  const delayUntil = (at: Date) => Math.max(0, at.getTime() - clock.now().getTime());
  return {
    async schedule(checkIn) {
      await queue.add(
        'fire',
        { kind: 'fire', checkInId: checkIn.id },
        { jobId: fireJobId(checkIn.id, checkIn.dueAt), delay: delayUntil(checkIn.dueAt) },
      );
    },
    async scheduleExpiry(checkIn, at) {
      await queue.add('expire', { kind: 'expire', checkInId: checkIn.id }, { jobId: expiryJobId(checkIn.id, checkIn.sentAt), delay: delayUntil(at) });
    },
    async unschedule(checkIn) {
      // A scheduled check-in has no expiry of its own; one named by check-in alone predates expiries named by sending.
      await Promise.all([queue.remove(fireJobId(checkIn.id, checkIn.dueAt)), queue.remove(expiryJobId(checkIn.id, null))]);
    },
    async scheduledJobs() {
      const ids = await queue.getRanges(['delayed', 'waiting', 'prioritized'], 0, -1);
      return ids.flatMap((id) => {
        const parsed = parseFireJobId(id);
        return parsed ? [parsed] : [];
      });
    },
  };
}
