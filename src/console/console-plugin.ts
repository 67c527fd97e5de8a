import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleDeps } from './console-deps.js';
import { consoleErrorHandler } from './console-errors.js';
import { rejectControlCharacters } from './control-characters.js';
import { accountRoutes } from './routes/account-routes.js';
import { caseCheckInRoutes } from './routes/case-checkin-routes.js';
import { caseActionRoutes } from './routes/case-action-routes.js';
import { safeHoursRoutes } from './routes/safe-hours-routes.js';
import { codeWordRoutes } from './routes/code-word-routes.js';
import { reassignRoutes } from './routes/reassign-routes.js';
import { herDetailsRoutes } from './routes/her-details-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { consentRoutes } from './routes/consent-routes.js';
import { caseRoutes } from './routes/case-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { eventsRoute } from './routes/events-route.js';
import { inboxRoutes } from './routes/inbox-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { staffAdminRoutes } from './routes/staff-admin-routes.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** Helpers written once for the server and the browser (`src/shared/`), served to the console's script. */
const SHARED_DIR = fileURLToPath(new URL('../shared/', import.meta.url));

/** Only our own scripts, styles and connections; no framing, no inline script. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** A year of HTTPS only, for this host and its subdomains. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The staff console: sign-in, inbox, conversations, live events and account management, with Spanish
 * error pages and strict headers. Expects {@link installStaffAuth} at the root of the server.
 */
export const consolePlugin: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  app.setErrorHandler(consoleErrorHandler);
  app.addHook('preValidation', rejectControlCharacters);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // A route may set a stricter policy of its own (her files: `sandbox`).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    // Behind HTTPS (secure cookies), browsers are told to never use plain HTTP for the console again.
    if (deps.settings.secureCookies) reply.header('strict-transport-security', HSTS);
    return payload;
  });

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', decorateReply: false, cacheControl: true, maxAge: 300_000 });
  await app.register(fastifyStatic, {
    root: SHARED_DIR,
    prefix: '/static/shared/',
    allowedPath: (path) => path.endsWith('.js'),
    decorateReply: false,
    cacheControl: true,
    maxAge: 300_000,
  });
  await app.register(loginRoutes, deps);
  await app.register(inboxRoutes, deps);
  await app.register(eventsRoute, deps);
  await app.register(caseRoutes, deps);
  await app.register(mediaRoutes, deps);
  await app.register(caseActionRoutes, deps);
  await app.register(safeHoursRoutes, deps);
  await app.register(codeWordRoutes, deps);
  await app.register(herDetailsRoutes, deps);
  await app.register(reassignRoutes, deps);
  await app.register(consentRoutes, deps);
  await app.register(caseCheckInRoutes, deps);
  await app.register(staffAdminRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(accountRoutes, deps);
  if (deps.extraRoutes) await app.register(async (scope) => deps.extraRoutes!(scope));
};
