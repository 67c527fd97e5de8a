import type { Clock } from '../ports.js';
import type { AuditTrail, PasswordHasher, ResolvedSession, StaffAccounts, StaffMember, StaffSessions } from './ports.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

/** How long a session lives: it ends after `idleMs` without activity, and `absoluteMs` after sign-in in any case. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** Activity is written at most this often, so every request does not write. */
const TOUCH_EVERY_MS = 60_000;

/** What {@link signIn} needs. */
export interface SignInDeps {
  staff: Pick<StaffAccounts, 'findByEmail'>;
  sessions: Pick<StaffSessions, 'create'>;
  hasher: PasswordHasher;
  audit: AuditTrail;
  clock: Clock;
  policy: SessionPolicy;
}

/**
 * Checks an email and password and opens a session. An unknown email, a disabled account, an account
 * without password and a wrong password all answer `null` after the same work (a hash is verified in
 * every case), so the answer does not reveal which. Success and failure are audited by staff id only.
 */
export async function signIn(deps: SignInDeps, email: string, password: string): Promise<{ token: string; staff: StaffMember } | null> {
  const account = await deps.staff.findByEmail(normalizeEmail(email));
  const usable = account && account.active && account.passwordHash ? account : null;
  const ok = usable ? await deps.hasher.verify(usable.passwordHash!, password) : await deps.hasher.verifyNothing(password);
  if (!usable || !ok) {
    await deps.audit.record({
      staffId: account?.id ?? null,
      action: 'login.failed',
      subject: 'session',
      detail: { reason: !account ? 'unknown_account' : !usable ? 'account_disabled' : 'wrong_password' },
    });
    return null;
  }
  const token = newSessionToken();
  const now = deps.clock.now();
  const sessionId = await deps.sessions.create(usable.id, hashSessionToken(token), now, new Date(now.getTime() + deps.policy.absoluteMs));
  await deps.audit.record({ staffId: usable.id, action: 'login.succeeded', subject: 'session', detail: { sessionId } });
  const { passwordHash: _omitted, ...staff } = usable;
  return { token, staff };
}

/**
 * The session a cookie's token opens, or `null` when it is unknown, past its absolute or idle expiry
 * (then deleted), or its account is disabled. `activity` records this request as use of the session
 * (page loads and actions; live refreshes pass false so an unattended screen still expires).
 */
export async function resolveSession(
  deps: { sessions: Pick<StaffSessions, 'find' | 'touch' | 'deleteById'>; clock: Clock; policy: SessionPolicy },
  token: string,
  activity: boolean,
): Promise<ResolvedSession | null> {
  const found = await deps.sessions.find(hashSessionToken(token));
  if (!found) return null;
  const now = deps.clock.now().getTime();
  if (now >= found.expiresAt.getTime() || now - found.lastSeenAt.getTime() > deps.policy.idleMs) {
    await deps.sessions.deleteById(found.sessionId);
    return null;
  }
  if (activity && now - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await deps.sessions.touch(found.sessionId, new Date(now));
  return { sessionId: found.sessionId, staff: found.staff };
}

/** Ends the session of this token (logout), audited. */
export async function signOut(
  deps: { sessions: Pick<StaffSessions, 'delete'>; audit: AuditTrail },
  token: string,
  staffId: string,
): Promise<void> {
  await deps.sessions.delete(hashSessionToken(token));
  await deps.audit.record({ staffId, action: 'logout', subject: 'session' });
}

/** Emails are compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
