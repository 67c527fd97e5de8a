import type { Logger } from 'pino';
import type { Clock } from '../ports.js';
import type { Actor, AuditTrail, RetentionOutcome, RetentionStore, UnknownSenderPurge } from './ports.js';

/** What the retention job needs. `days` comes from `RETENTION_DAYS`, `unknownDays` from `RETENTION_UNKNOWN_DAYS`. */
export interface RetentionDeps {
  store: RetentionStore;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  days: number;
  unknownDays: number;
}

/** What a run did, and the cut-off dates it used. */
export interface RetentionRun extends RetentionOutcome, UnknownSenderPurge {
  closedBefore: Date;
  unknownLastSeenBefore: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Removes the message texts (and the flow sessions' saved answers) of cases closed more than `days`
 * days ago. Rows stay, so every figure the unit reports stays; running it again removes nothing more.
 * The flows' named results (`FlowResult`) are kept: they hold the category the flow's author wrote,
 * never her words, and go only with their case.
 * Staff notes on a case are clinical records and are not touched. Numbers that wrote without a case
 * and have been silent for `unknownDays` days are deleted with their messages (they count in no
 * figure). Meant to be run daily: by `acompana retention run`, and by the service's repeatable job
 * (`RETENTION_SCHEDULE`).
 *
 * @example
 * await runRetention({ store, audit, clock, log, days: 180, unknownDays: 30 }, { staffId: null, via: 'scheduler' });
 * // { contactTextsRemoved: 412, sessionStatesRemoved: 37, casesPurged: 12, unknownSendersRemoved: 3, … }
 */
export async function runRetention(deps: RetentionDeps, actor: Actor): Promise<RetentionRun> {
  const now = deps.clock.now().getTime();
  const closedBefore = new Date(now - deps.days * DAY_MS);
  const unknownLastSeenBefore = new Date(now - deps.unknownDays * DAY_MS);
  const outcome = await deps.store.purgeClosedBefore(closedBefore);
  const unknown = await deps.store.purgeUnknownSendersBefore(unknownLastSeenBefore);
  await deps.audit.record({
    ...actor,
    action: 'retention.run',
    subject: 'contacts',
    detail: {
      days: deps.days,
      closedBefore: closedBefore.toISOString(),
      unknownDays: deps.unknownDays,
      unknownLastSeenBefore: unknownLastSeenBefore.toISOString(),
      ...outcome,
      ...unknown,
    },
  });
  deps.log.info({ days: deps.days, unknownDays: deps.unknownDays, ...outcome, ...unknown }, 'retention run: old message texts removed');
  return { ...outcome, ...unknown, closedBefore, unknownLastSeenBefore };
}
