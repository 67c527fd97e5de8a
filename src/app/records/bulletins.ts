import type { Clock } from '../ports.js';
import type { Actor, AuditTrail, ReportCountsSource } from './ports.js';
import { toReportFigures, type ReportFigures } from './report-figures.js';
import { previousMonthPeriod } from './report-period.js';
import type { StaffHours } from '../staff-hours.js';

/** A bulletin as listed: its period (both days included) and when it was computed. */
export interface BulletinSummary {
  id: string;
  from: string;
  to: string;
  createdAt: Date;
}

/** Where computed bulletins are kept. */
export interface BulletinStore {
  /** Keeps the figures of a period; a period already kept is left as it was (returns its id, `created: false`). */
  save(input: { from: string; to: string; figures: ReportFigures }): Promise<{ id: string; created: boolean }>;
  /** Every bulletin, newest period first. */
  list(): Promise<BulletinSummary[]>;
  /** One bulletin's figures, or `null` when there is no such bulletin. */
  get(id: string): Promise<(BulletinSummary & { figures: ReportFigures }) | null>;
}

/** The unit's monthly bulletins: computed by a repeatable job, listed and opened in the console. */
export interface Bulletins {
  /**
   * Computes and keeps the bulletin of the month before `now` (America/Cancun). Running it again for
   * the same month keeps the first one. Audited as `bulletin.created` when one is created.
   */
  computePreviousMonth(actor: Actor): Promise<{ id: string; created: boolean; from: string; to: string }>;
  /** Every bulletin kept, newest first (periods only: no figure is shown, so nothing to audit). */
  list(): Promise<BulletinSummary[]>;
  /** A bulletin's figures, audited as `bulletin.view`; `null` when there is none with that id. */
  open(id: string, actor: Actor): Promise<(BulletinSummary & { figures: ReportFigures }) | null>;
}

/**
 * Builds the bulletin use cases.
 *
 * @example
 * const bulletins = createBulletins({ store: prismaBulletinStore(db), counts: prismaReportCounts(db), audit, clock });
 * await bulletins.computePreviousMonth({ staffId: null, via: 'scheduler' }); // on 1 February: January's
 */
export function createBulletins(deps: {
  store: BulletinStore;
  counts: ReportCountsSource;
  audit: AuditTrail;
  clock: Clock;
  /** `STAFF_HOURS`: with them, a bulletin also counts the handoffs raised outside them. */
  staffHours?: StaffHours | undefined;
}): Bulletins {
  return {
    async computePreviousMonth(actor) {
      const period = previousMonthPeriod(deps.clock.now());
      const figures = toReportFigures(period, await deps.counts.counts({ start: period.start, end: period.end }), deps.staffHours);
      const saved = await deps.store.save({ from: period.from, to: period.to, figures });
      if (saved.created) {
        await deps.audit.record({ ...actor, action: 'bulletin.created', subject: `bulletin:${saved.id}`, detail: { from: period.from, to: period.to } });
      }
      return { ...saved, from: period.from, to: period.to };
    },
    list: () => deps.store.list(),
    async open(id, actor) {
      const bulletin = await deps.store.get(id);
      if (!bulletin) return null;
      await deps.audit.record({ ...actor, action: 'bulletin.view', subject: `bulletin:${id}`, detail: { from: bulletin.from, to: bulletin.to } });
      return bulletin;
    },
  };
}
