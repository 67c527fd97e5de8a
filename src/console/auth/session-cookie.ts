import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie that carries a staff session's token. */
export const SESSION_COOKIE = 'acompana_sesion';

/** The cookie that carries the CSRF secret (the token itself goes in forms and a meta tag). */
export const CSRF_COOKIE = 'acompana_csrf';

/** Cookie attributes: never readable by scripts, never sent from another site. */
export function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure } as const;
}

/** Sets the session cookie; it lasts at most as long as the session's absolute expiry. */
export function setSessionCookie(reply: FastifyReply, token: string, options: { secure: boolean; maxAgeSeconds: number }): void {
  void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(options.secure), maxAge: options.maxAgeSeconds });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}

/** The session token the request carries, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE] || undefined;
}
