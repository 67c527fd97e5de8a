import type { CaseEventBus, Clock } from '../ports.js';
import { safeHoursSchema, type SafeHours, type WeeklyWindow } from '../safe-hours/policy.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link editSafeHours} needs. */
export interface EditSafeHoursDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
}

/**
 * A change to her safe hours, as the psychologist agreed it with her:
 * - `windows`: the weekly windows she may be written in (`null`: the service's `CONTACT_WINDOWS`);
 * - `block`: a period in which she must not be written at all (he is home on leave, a visit);
 * - `unblock`: removes the blocked period that starts at `from` (its stored ISO text).
 *
 * @example
 * { kind: 'windows', windows: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '13:00' }] }
 * { kind: 'block', from: new Date('2026-12-24T05:00:00Z'), to: new Date('2026-12-26T05:00:00Z') }
 */
export type SafeHoursChange =
  | { kind: 'windows'; windows: WeeklyWindow[] | null }
  | { kind: 'block'; from: Date; to: Date }
  | { kind: 'unblock'; from: string };

/** Her stored safe hours, or none when absent or unreadable (a change then starts from nothing). */
function current(stored: unknown): SafeHours {
  const parsed = stored == null ? null : safeHoursSchema.safeParse(stored);
  return parsed?.success ? parsed.data : { blocked: [] };
}

/** Her safe hours with `change` applied; `null` when nothing of hers is left (the service's hours apply). */
function applied(before: SafeHours, change: SafeHoursChange, now: Date): SafeHours | null {
  // Blocked periods already over are dropped on every change: they decide nothing any more.
  const blocked = before.blocked.filter((b) => new Date(b.to).getTime() > now.getTime());
  let after: SafeHours;
  switch (change.kind) {
    case 'windows':
      after = { ...(change.windows ? { windows: change.windows } : {}), blocked };
      break;
    case 'block':
      after = { ...before, blocked: [...blocked, { from: change.from.toISOString(), to: change.to.toISOString() }] };
      break;
    case 'unblock':
      after = { ...before, blocked: blocked.filter((b) => b.from !== change.from) };
      break;
  }
  return after.windows === undefined && after.blocked.length === 0 ? null : after;
}

/**
 * Changes her safe hours, by whoever may see the case, under the case's lock, audited as
 * `case.safe_hours_changed` (what kind of change; never the hours themselves). Every check-in, reminder
 * and retry reads them when it is due, so the change applies from the next one on; a person's message
 * outside them asks for confirmation at once.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`.
 */
export async function editSafeHours(deps: EditSafeHoursDeps, staff: StaffIdentity, caseId: string, change: SafeHoursChange): Promise<void> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  const now = deps.clock.now();
  await deps.cases.withCase(caseId, async (locked) => {
    await locked.setSafeHours(applied(current(await locked.storedSafeHours()), change, now));
    const what = change.kind === 'windows' ? (change.windows ? 'windows' : 'service_windows') : change.kind === 'block' ? 'blocked_added' : 'blocked_removed';
    await locked.audit({ staffId: staff.id, action: 'case.safe_hours_changed', subject: `case:${caseId}`, detail: { change: what } });
  });
  await deps.events.publish({ type: 'attention_changed', caseId });
}
