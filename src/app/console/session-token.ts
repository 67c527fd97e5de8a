import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 32 random bytes, base64url. Only the cookie holds it. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the session table stores for a token: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
