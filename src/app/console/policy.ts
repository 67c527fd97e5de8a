/**
 * Who sees what (the unit's least-privilege rule):
 * - a psychologist sees the cases assigned to her, the chat she holds, and unassigned open urgent cases;
 * - a coordinator sees every case and assigns them;
 * - an admin manages accounts and sees no conversation.
 * The Prisma filter in src/persistence/console/visible-cases.ts mirrors {@link canSeeCase}; lists are
 * filtered by both.
 */
import type { CaseFacts, StaffIdentity, StaffRole } from './ports.js';
import { caseNotFound, ConsoleError } from './errors.js';

/** Roles that work with conversations (inbox, view, take over, write, notes, reveal). */
export const CASE_ROLES: readonly StaffRole[] = ['psychologist', 'coordinator'];

/** Whether the case is urgent: marked so, or with an open urgent alert. */
export function isUrgent(c: Pick<CaseFacts, 'urgency' | 'hasOpenUrgentAlert'>): boolean {
  return c.urgency === 'urgent' || c.hasOpenUrgentAlert;
}

/** Whether `staff` may see (and so act on) the case. */
export function canSeeCase(
  staff: StaffIdentity,
  c: Pick<CaseFacts, 'status' | 'assignedStaffId' | 'heldById' | 'urgency' | 'hasOpenUrgentAlert'>,
): boolean {
  switch (staff.role) {
    case 'admin':
      return false;
    case 'coordinator':
      return true;
    case 'psychologist':
      return (
        c.assignedStaffId === staff.id ||
        c.heldById === staff.id ||
        (c.assignedStaffId === null && c.status === 'open' && isUrgent(c))
      );
  }
}

/**
 * Throws unless `staff` may see the case: admins get `forbidden`; others get `case_not_found` for a
 * case they may not see, as for one that does not exist.
 */
export function assertCanSee(staff: StaffIdentity, c: CaseFacts | null): asserts c is CaseFacts {
  if (!CASE_ROLES.includes(staff.role)) throw new ConsoleError('forbidden', 'Tu perfil no da acceso a conversaciones.');
  if (!c || !canSeeCase(staff, c)) throw caseNotFound();
}
