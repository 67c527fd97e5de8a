import type { StaffIdentity } from '../../app/console/ports.js';
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * The cases `staff` may see, as a Prisma filter: the database side of `canSeeCase`
 * (src/app/console/policy.ts), which lists also apply to what this returns.
 */
export function visibleCasesWhere(staff: StaffIdentity): Prisma.CaseWhereInput {
  switch (staff.role) {
    case 'coordinator':
      return {};
    case 'admin':
      return { id: { in: [] } };
    case 'psychologist':
      return {
        OR: [
          { assignedStaffId: staff.id },
          { heldById: staff.id },
          {
            assignedStaffId: null,
            status: 'open',
            OR: [{ urgency: 'urgent' }, { alerts: { some: { resolvedAt: null, urgency: 'urgent' } } }],
          },
        ],
      };
  }
}
