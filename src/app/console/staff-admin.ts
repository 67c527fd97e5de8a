import { randomInt } from 'node:crypto';
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
    { staffId: actor?.id ?? null, ...(actor ? {} : { via: 'cli' as const }), action: 'staff.created', detail: { role: input.role } },
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

/** What {@link enableStaff} needs. */
export interface EnableStaffDeps {
  staff: Pick<StaffAccounts, 'find' | 'enable'>;
}

/**
 * Lets a disabled account sign in again (with the password it had; reset it too if that may have
 * leaked). Audited as `staff.enabled`; enabling an active account changes nothing and is not audited.
 *
 * @throws ConsoleError `forbidden`, `staff_not_found`.
 */
export async function enableStaff(deps: EnableStaffDeps, actor: StaffIdentity, staffId: string): Promise<StaffMember> {
  if (actor.role !== 'admin') throw new ConsoleError('forbidden', 'Solo administración reactiva cuentas.');
  const member = await deps.staff.find(staffId);
  if (!member) throw new ConsoleError('staff_not_found', 'No existe esa cuenta.');
  if (!member.active) await deps.staff.enable(staffId, { staffId: actor.id, action: 'staff.enabled', subject: `staff:${staffId}` });
  return member;
}

/** What {@link resetStaffPassword} needs. */
export interface ResetPasswordDeps {
  staff: Pick<StaffAccounts, 'find' | 'setPassword'>;
  hasher: PasswordHasher;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password: four groups of four, e.g. `k7qm-2hwx-9tfe-pa3n` (about 79 bits). */
export function temporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/**
 * An admin resets a staff member's password: a random temporary password replaces it, every session
 * of the account ends, and at her next sign-in she can do nothing but choose her own. The temporary
 * password is returned to be shown once to the admin (it is stored only hashed, never logged or
 * audited). Audited as `staff.password_reset`. An admin changes her own password herself.
 *
 * @throws ConsoleError `forbidden`, `staff_not_found`, `cannot_reset_self`.
 */
export async function resetStaffPassword(
  deps: ResetPasswordDeps,
  actor: StaffIdentity,
  staffId: string,
): Promise<{ member: StaffMember; temporaryPassword: string }> {
  if (actor.role !== 'admin') throw new ConsoleError('forbidden', 'Solo administración restablece contraseñas.');
  if (actor.id === staffId) throw new ConsoleError('cannot_reset_self', 'Cambia tu propia contraseña en «Mi contraseña».');
  const member = await deps.staff.find(staffId);
  if (!member) throw new ConsoleError('staff_not_found', 'No existe esa cuenta.');
  const password = temporaryPassword();
  await deps.staff.setPassword(staffId, { hash: await deps.hasher.hash(password), mustChange: true }, null, {
    staffId: actor.id,
    action: 'staff.password_reset',
    subject: `staff:${staffId}`,
  });
  return { member, temporaryPassword: password };
}

/** What {@link changeOwnPassword} needs. */
export interface ChangePasswordDeps {
  staff: Pick<StaffAccounts, 'credentials' | 'setPassword'>;
  hasher: PasswordHasher;
}

/**
 * A signed-in staff member chooses a new password, giving her current (or temporary) one: it must
 * have {@link MIN_PASSWORD_LENGTH} characters and differ from the current one. Her other sessions end;
 * the one she uses (`sessionId`) goes on, no longer limited to this change. Audited as
 * `staff.password_changed`.
 *
 * @throws ConsoleError `wrong_password`, `password_too_short`, `password_unchanged`.
 */
export async function changeOwnPassword(
  deps: ChangePasswordDeps,
  staff: StaffIdentity,
  sessionId: string,
  passwords: { current: string; next: string },
): Promise<void> {
  const account = await deps.staff.credentials(staff.id);
  const ok = account?.passwordHash ? await deps.hasher.verify(account.passwordHash, passwords.current) : await deps.hasher.verifyNothing(passwords.current);
  if (!ok) throw new ConsoleError('wrong_password', 'La contraseña actual no es correcta.');
  if (passwords.next.length < MIN_PASSWORD_LENGTH) {
    throw new ConsoleError('password_too_short', `La contraseña nueva debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`);
  }
  if (passwords.next === passwords.current) throw new ConsoleError('password_unchanged', 'La contraseña nueva debe ser distinta de la actual.');
  await deps.staff.setPassword(staff.id, { hash: await deps.hasher.hash(passwords.next), mustChange: false }, sessionId, {
    staffId: staff.id,
    action: 'staff.password_changed',
    subject: `staff:${staff.id}`,
  });
}
