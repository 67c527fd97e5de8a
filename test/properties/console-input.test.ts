/**
 * Every console route, as every role, with malformed bodies and query strings: NUL and other control
 * characters, repeated fields, objects and arrays where text belongs, dates far ahead, names every
 * object inherits. Each must answer a 2xx, 3xx or 4xx, never a 500. The route list is the server's own,
 * so a route added later is covered without an entry here.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

type Role = 'psychologist' | 'coordinator' | 'admin';
const ROLES: readonly Role[] = ['psychologist', 'coordinator', 'admin'];

/** Long-lived streams, checked by their own tests. */
const STREAMS = new Set(['/events', '/api/simulator/stream']);

/** Every field name the console's forms and APIs read, and a few every object inherits. */
const FIELDS = [
  'email', 'password', 'siguiente', 'displayName', 'role', 'motivo', 'fecha', 'flujo', 'texto', 'nota', 'psicologa', 'staffId',
  'caseId', 'startsAt', 'endsAt', 'notes', 'at', 'reason', 'flow', 'actual', 'nueva', 'confirmacion', 'hecho', 'semana', 'inicio',
  'modo', 'resultado', 'outcome', 'folio', 'format', 'from', 'to', 'text', 'id', 'status', 'kind', 'token', 'desde', 'hasta',
  '__proto__', 'constructor', 'toString',
] as const;

const badText = fc.oneof(
  fc.constantFrom('a\u0000@x.com', '\u0000', 'x\u001b[31m', 'ok\u0007', '9999-12-31T23:59', '0000-01-01T00:00', '+275760-09-13T00:00:00Z', 'toString', '__proto__', '', ' ', '\uD800', 'a'.repeat(5000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);
const badValue = fc.oneof(badText, fc.jsonValue({ maxDepth: 2 }), fc.array(badText, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELDS), badText, { maxKeys: 3 }));

/** Percent-encodes `text`; a lone surrogate becomes the bytes of one, which no UTF-8 decoder accepts. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A form body as a raw string: fields repeated, values with control characters. */
const formBody = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), badText), { maxLength: 8 })
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
const jsonBody = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), badValue, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 2 }));
const query = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), badText), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));

let t: TestService;
const clients = {} as Record<Role, ConsoleClient>;
const emails: Record<Role, string> = { psychologist: 'psi@props.test', coordinator: 'coord@props.test', admin: 'admin@props.test' };
const params: Record<string, string> = {};
let routes: { method: string; url: string }[] = [];

beforeAll(async () => {
  t = await startTestService({ env: { FLOOD_MAX_MESSAGES: '10000' } });
  const db = t.service.db;
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  const ids = {} as Record<Role, string>;
  for (const role of ROLES) ids[role] = await createStaffAccount(db, { role, email: emails[role] });
  // The account admin routes act on: never one of the clients, so none of them is disabled mid-run.
  params.staffId = await createStaffAccount(db, { role: 'psychologist', email: 'otra@props.test' });
  const { caseId } = await createConsentingCase(db, privacy, { interventionAt: new Date() });
  await db.case.update({ where: { id: caseId }, data: { assignedStaffId: ids.psychologist } });
  params.caseId = caseId;
  const due = new Date(Date.now() + 10 * 86_400_000);
  params.checkInId = (await db.checkIn.create({ data: { caseId, flowId: 'primer-contacto', dueAt: due, plannedAt: due } })).id;
  params.appointmentId = (
    await db.appointment.create({
      data: { caseId, staffId: ids.psychologist, startsAt: due, endsAt: new Date(due.getTime() + 50 * 60_000), videoRoom: randomUUID() },
    })
  ).id;
  params.token = randomUUID();
  for (const role of ROLES) {
    clients[role] = new ConsoleClient(t.service.server);
    expect((await clients[role].signIn(emails[role])).statusCode).toBe(303);
  }
  routes = t.service.server.routeTable().filter((r) => r.method !== 'HEAD' && !STREAMS.has(r.url) && !r.url.startsWith('/static/'));
});

afterAll(async () => {
  await t?.stop();
});

/** The route's path with its parameters filled: a real id, or (with `fuzz`) the given text. */
function pathOf(url: string, fuzz?: string): string {
  return url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) => encode(fuzz ?? (name ? params[name] ?? randomUUID() : 'x')));
}

async function call(role: Role, route: { method: string; url: string }, options: { path?: string; query?: string; form?: string; json?: unknown }) {
  const client = clients[role];
  const search = options.query ? `?${options.query}` : '';
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const headers: Record<string, string> = { 'x-csrf-token': client.csrf };
  let payload: string | undefined;
  if (hasBody && options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = `_csrf=${encodeURIComponent(client.csrf)}&${options.form}`;
  } else if (hasBody && options.json !== undefined) {
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    payload = JSON.stringify(options.json);
  }
  const response = await client.request({
    method: route.method as 'GET',
    url: `${options.path ?? pathOf(route.url)}${search}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  // Signing out (or a password change) ends the session: sign in again for the next call.
  if (!client.cookies.has('acompana_sesion')) await client.signIn(emails[role]);
  return response;
}

function expectNoServerError(response: { statusCode: number }, what: string) {
  expect(response.statusCode, what).toBeLessThan(500);
}

describe('every console route with malformed input', () => {
  it('covers a real list of routes', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it('answers the known bad inputs without a 500, as every role', async () => {
    const nul = Object.fromEntries(FIELDS.filter((f) => !f.startsWith('_') && f !== 'constructor' && f !== 'toString').map((f) => [f, 'a\u0000b']));
    const shaped = Object.fromEntries(FIELDS.map((f) => [f, { nested: ['x'] }]));
    const repeated = FIELDS.map((f) => `${f}=a&${f}=b`).join('&');
    for (const route of routes) {
      for (const role of ROLES) {
        const what = `${role} ${route.method} ${route.url}`;
        expectNoServerError(await call(role, route, { json: nul }), `${what} NUL`);
        expectNoServerError(await call(role, route, { json: shaped }), `${what} objects`);
        expectNoServerError(await call(role, route, { form: repeated }), `${what} repeated`);
        expectNoServerError(await call(role, route, { path: pathOf(route.url, 'a\u0000b'), query: 'hecho=toString&siguiente=%2F%09%2Fevil' }), `${what} path`);
      }
    }
  });

  it('names the field when a text holds a NUL', async () => {
    const login = routes.find((r) => r.method === 'POST' && r.url === '/login')!;
    const answer = await call('coordinator', login, { json: { email: 'a\u0000@x.com', password: 'x' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'email' });
    // A simulated message whose id has a NUL is refused at once, not accepted and dropped later.
    const simulated = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: '+5219980000002', text: 'AYUDA', id: 'x\u0000' } });
    expect(simulated.statusCode).toBe(400);
    expect(simulated.json()).toMatchObject({ field: 'id' });
  });

  it('answers arbitrary malformed requests without a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...ROLES),
        fc.oneof(formBody.map((form) => ({ form })), jsonBody.map((json) => ({ json }))),
        query,
        fc.option(badText, { nil: undefined }),
        async (route, role, body, search, fuzzPath) => {
          const response = await call(role, route, { ...body, query: search, ...(fuzzPath === undefined ? {} : { path: pathOf(route.url, fuzzPath) }) });
          expectNoServerError(response, `${role} ${route.method} ${route.url}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
