import type { Logger } from 'pino';
import type { Clock } from '../ports.js';
import type { Actor, AuditTrail, RetentionOutcome, RetentionStore } from './ports.js';

/** What the retention job needs. `days` comes from `RETENTION_DAYS`. */
export interface RetentionDeps {
  store: RetentionStore;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  days: number;
}

/** What a run did, and the closing date it used. */
export interface RetentionRun extends RetentionOutcome {
  closedBefore: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Removes the message texts (and the flow sessions' saved answers) of cases closed more than `days`
 * days ago. Rows stay, so every figure the unit reports stays; running it again removes nothing more.
 * Staff notes on a case are clinical records and are not touched. Meant to be run daily: by
 * `acompana retention run`, and by a repeatable job of the scheduler.
 *
 * @example
 * await runRetention({ store, audit, clock, log, days: 180 }, { staffId: null, via: 'scheduler' });
 * // { contactTextsRemoved: 412, sessionStatesRemoved: 37, casesPurged: 12, closedBefore: 2025-12-01T… }
 */
export async function runRetention(deps: RetentionDeps, actor: Actor): Promise<RetentionRun> {
  const closedBefore = new Date(deps.clock.now().getTime() - deps.days * DAY_MS);
  const outcome = await deps.store.purgeClosedBefore(closedBefore);
  await deps.audit.record({
    ...actor,
    action: 'retention.run',
    subject: 'contacts',
    detail: { days: deps.days, closedBefore: closedBefore.toISOString(), ...outcome },
  });
  deps.log.info({ days: deps.days, ...outcome }, 'retention run: message texts of closed cases removed');
  return { ...outcome, closedBefore };
}
