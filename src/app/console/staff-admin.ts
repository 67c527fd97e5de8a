import type { CaseEventBus } from '../ports.js';
import { ConsoleError } from './errors.js';
import type { PasswordHasher, StaffAccounts, StaffIdentity, StaffMember, StaffRole } from './ports.js';
import { normalizeEmail } from './sessions.js';

/** The shortest password accepted for a staff account. */
export const MIN_PASSWORD_LENGTH = 12;

/** A new account as an admin (or the CLI) describes it. */
export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
}

/** What {@link createStaff} needs. */
export interface CreateStaffDeps {
  staff: Pick<StaffAccounts, 'create'>;
  hasher: PasswordHasher;
}

/**
 * Creates a staff account with an argon2id-hashed password. `actor` is the admin doing it, or `null`
 * for the command line (`acompana staff create-admin`). Audited as `staff.created`.
 *
 * @throws ConsoleError `forbidden` (not an admin), `staff_exists` (email taken).
 */
export async function createStaff(deps: CreateStaffDeps, actor: StaffIdentity | null, input: NewStaff): Promise<{ staffId: string }> {
  if (actor && actor.role !== 'admin') throw new ConsoleError('forbidden', 'Solo administración crea cuentas.');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`password shorter than ${MIN_PASSWORD_LENGTH} characters reached createStaff`);
  }
  const email = normalizeEmail(input.email);
  const passwordHash = await deps.hasher.hash(input.password);
  const staffId = await deps.staff.create(
    { email, displayName: input.displayName.trim(), role: input.role, passwordHash },
    { staffId: actor?.id ?? null, action: 'staff.created', detail: { role: input.role, via: actor ? 'console' : 'cli' } },
  );
  if (!staffId) throw new ConsoleError('staff_exists', 'Ya existe una cuenta con ese correo.');
  return { staffId };
}

/** What {@link disableStaff} needs. */
export interface DisableStaffDeps {
  staff: Pick<StaffAccounts, 'find' | 'disable'>;
  events: Pick<CaseEventBus, 'publish'>;
}

/**
 * Disables an account: it can no longer sign in, its sessions end now, and any chat it held goes back
 * to "waiting for a person" so someone else picks it up. Audited as `staff.disabled`.
 *
 * @throws ConsoleError `forbidden`, `staff_not_found`, `cannot_disable_self`.
 */
export async function disableStaff(deps: DisableStaffDeps, actor: StaffIdentity, staffId: string): Promise<StaffMember> {
  if (actor.role !== 'admin') throw new ConsoleError('forbidden', 'Solo administración desactiva cuentas.');
  if (actor.id === staffId) throw new ConsoleError('cannot_disable_self', 'No puedes desactivar tu propia cuenta.');
  const member = await deps.staff.find(staffId);
  if (!member) throw new ConsoleError('staff_not_found', 'No existe esa cuenta.');
  const released = await deps.staff.disable(staffId, {
    staffId: actor.id,
    action: 'staff.disabled',
    subject: `staff:${staffId}`,
  });
  for (const caseId of released) await deps.events.publish({ type: 'attention_changed', caseId });
  return member;
}
