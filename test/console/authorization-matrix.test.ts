/**
 * Who may call what: every registered route × every role (and nobody signed in), with the status each
 * must get. The table is checked against the server's own route list, so a route added without an
 * entry here fails this file. State-changing routes are also called without a CSRF token, which must
 * be refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount, csrfTokenOf } from '../support/console-client.js';
import { markUrgent } from '../support/urgent-case.js';
import { startOpenHoursService } from '../support/open-hours-service.js';

type Who = 'psychologist' | 'coordinator' | 'admin' | 'anonymous';
const EVERYONE: readonly Who[] = ['psychologist', 'coordinator', 'admin', 'anonymous'];

/** One call of a route, built afresh for each cell (fixtures may be reset first). */
interface Call {
  url: string;
  form?: Record<string, string>;
  json?: Record<string, unknown>;
  headers?: Record<string, string>;
}

interface RouteSpec {
  /** Expected status per caller. */
  expect: Record<Who, number>;
  build: (who: Who) => Promise<Call> | Call;
  /** A long-lived stream: allowed callers are checked over a real connection. */
  stream?: boolean;
  /** Why a state change needs no CSRF token (no cookie-authenticated caller can reach it). */
  csrfExempt?: string;
}

let t: TestService;

/** A kept bulletin's figures, as the monthly job stores them. */
const MATRIX_FIGURES = {
  total: 0,
  servicio: { juridica: 0, psicologica: 0 },
  vertiente: { acompanamiento_previo: 0, intervencion_12_48h: 0, atencion_subsecuente: 0, seguimiento: 0 },
  canal: { telefono_911: 0, whatsapp: 0, videollamada: 0 },
  banavim_registradas: 0,
  seguimiento: { checkins_enviados: 0, checkins_respondidos: 0, checkins_sin_respuesta: 0, pases_a_persona: 0, videollamadas_realizadas: 0 },
  resultados: {},
  periodo: { desde: '2026-01-01', hasta: '2026-01-31', zona_horaria: 'America/Cancun' },
};
const ids = { psychologist: '', coordinator: '', admin: '' };
let assignedCase: string;
/** A voice note of the assigned case, with its file kept. */
let voiceNote: string;
let surveyed: { caseId: string; phone: string };
const clients = {} as Record<Who, ConsoleClient>;
let baseUrl = '';
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };

/** A fresh number that wrote without a case; returns its review id. */
async function unknownSender(): Promise<string> {
  const phone = `+52998${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const row = await t.service.db.unknownSender.create({ data: { phoneHash: `matrix-${randomUUID()}`, phoneCipher: privacy.cipher.encrypt(phone), messageCount: 1 } });
  return row.id;
}

const allowAll = (status: number): Record<Who, number> => ({ psychologist: status, coordinator: status, admin: status, anonymous: status });
/** Pages for psychologists and coordinators; admins refused; nobody signed in → sign-in page. */
const casePage = (ok: number) => ({ psychologist: ok, coordinator: ok, admin: 403, anonymous: 302 });
/** APIs for psychologists and coordinators. */
const caseApi = (ok: number) => ({ psychologist: ok, coordinator: ok, admin: 403, anonymous: 401 });

async function holdBy(caseId: string, who: Who) {
  const heldById = who === 'anonymous' ? null : ids[who];
  await t.service.db.case.update({ where: { id: caseId }, data: { attention: heldById ? 'with_person' : 'bot', heldById, status: 'open' } });
}

async function scheduledCheckIn(): Promise<string> {
  const due = new Date(Date.now() + 10 * 24 * 3_600_000);
  const row = await t.service.db.checkIn.create({
    data: { caseId: assignedCase, planItem: `matriz-${randomUUID()}`, flowId: 'primer-contacto', dueAt: due, plannedAt: due },
  });
  return row.id;
}

let sessionWeeks = 0;
/** A Monday at 11:00 in Cancún a further week ahead each call: free, and inside every default window. */
function nextSessionTime(): string {
  sessionWeeks += 1;
  return new Date(Date.parse(safeMoment()) + sessionWeeks * 7 * 24 * 3_600_000).toISOString();
}

/** `datetime-local` form value (Cancún, UTC−5) of an instant. */
function localInput(iso: string): string {
  return new Date(Date.parse(iso) - 5 * 3_600_000).toISOString().slice(0, 16);
}

/** A session of the psychologist: ahead (to move or cancel), or already started (to close). */
/** How many psychologists `POST /asignaciones/repartir` was given cases to. */
let sharedOut = 0;

async function session(past = false): Promise<string> {
  sessionWeeks += 1;
  const startsAt = past ? new Date(Date.now() - (2 + sessionWeeks) * 3_600_000) : new Date(nextSessionTime());
  const row = await t.service.db.appointment.create({
    data: { caseId: assignedCase, staffId: ids.psychologist, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), videoRoom: randomUUID() },
  });
  return row.id;
}

/** A Monday at 11:00 in Cancún, two weeks ahead: inside the default contact windows. */
function safeMoment(): string {
  const d = new Date(Date.now() + 14 * 24 * 3_600_000);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  d.setUTCHours(16, 0, 0, 0);
  return d.toISOString();
}

/** An ISO moment as the console's `datetime-local` inputs send it: Cancún time (UTC−5), no offset. */
function cancunLocal(iso: string): string {
  return new Date(Date.parse(iso) - 5 * 3_600_000).toISOString().slice(0, 16);
}


/** Where a queue-view route's parameters point: a real queue, a job that is not there, a real scheduler. */
const QUEUE_VIEW_PARAMS: Record<string, string> = { queueName: 'inbound', jobId: 'no-existe', queueStatus: 'failed', schedulerId: 'reconcile' };

/**
 * The admins' queue view (bull-board): every route it registers, for admins only (others 403, nobody
 * signed in to the sign-in page or 401). Read only: every change is refused with 405, so none needs a
 * CSRF token; the admin's GET statuses are bull-board's own answers (its page, its JSON, 404 for no job).
 */
function queueViewSpecs(adminGets: Record<string, number>, changes: readonly string[]): Record<string, RouteSpec> {
  const specs: Record<string, RouteSpec> = {};
  const urlOf = (path: string) => path.replace(/:([A-Za-z]+)/g, (_m, name: string) => QUEUE_VIEW_PARAMS[name]!).replace('*', 'favicon.ico');
  for (const [path, admin] of Object.entries(adminGets)) {
    const api = path.includes('/api/');
    specs[`GET ${path}`] = { expect: { psychologist: 403, coordinator: 403, admin, anonymous: api ? 401 : 302 }, build: () => ({ url: urlOf(path) }) };
  }
  for (const route of changes) {
    const [method, path] = route.split(' ') as [string, string];
    specs[`${method} ${path}`] = {
      expect: { psychologist: 403, coordinator: 403, admin: 405, anonymous: 401 },
      build: () => ({ url: urlOf(path), json: {} }),
      csrfExempt: 'the queue view is read only: every change answers 405 unless QUEUE_VIEW_ACTIONS, and the session cookie is SameSite=Strict',
    };
  }
  return specs;
}

const MATRIX: Record<string, RouteSpec> = {
  ...queueViewSpecs(
    {
      '/admin/colas': 200,
      '/admin/colas/metrics-history': 200,
      '/admin/colas/job-schedulers': 200,
      '/admin/colas/queue/:queueName': 200,
      '/admin/colas/queue/:queueName/:jobId': 200,
      '/admin/colas/api/redis/stats': 200,
      '/admin/colas/api/queues': 200,
      '/admin/colas/api/job-schedulers': 200,
      '/admin/colas/api/queues/:queueName/metrics': 200,
      '/admin/colas/api/queues/:queueName/default-job-options': 200,
      '/admin/colas/api/queues/:queueName/workers': 200,
      '/admin/colas/api/queues/:queueName/rate-limit': 200,
      '/admin/colas/api/queues/:queueName/job-data-schema': 200,
      '/admin/colas/api/queues/:queueName/:jobId/logs': 200,
      '/admin/colas/api/queues/:queueName/:jobId/flow': 404,
      '/admin/colas/api/queues/:queueName/:jobId': 404,
      '/admin/colas/static/*': 200,
    },
    [
      'PUT /admin/colas/api/queues/pause',
      'PUT /admin/colas/api/queues/resume',
      'POST /admin/colas/api/queues/:queueName/add',
      'PUT /admin/colas/api/queues/:queueName/retry/:queueStatus',
      'PUT /admin/colas/api/queues/:queueName/promote',
      'PUT /admin/colas/api/queues/:queueName/clean/:queueStatus',
      'PUT /admin/colas/api/queues/:queueName/pause',
      'PUT /admin/colas/api/queues/:queueName/resume',
      'PUT /admin/colas/api/queues/:queueName/concurrency',
      'PUT /admin/colas/api/queues/:queueName/rate-limit',
      'PUT /admin/colas/api/queues/:queueName/rate-limit/release',
      'PUT /admin/colas/api/queues/:queueName/empty',
      'PUT /admin/colas/api/queues/:queueName/obliterate',
      'PUT /admin/colas/api/queues/:queueName/job-schedulers/:schedulerId/remove',
      'PATCH /admin/colas/api/queues/:queueName/job-schedulers/:schedulerId',
      'PUT /admin/colas/api/queues/:queueName/job-schedulers/:schedulerId/run',
      'PUT /admin/colas/api/queues/:queueName/:jobId/retry',
      'PUT /admin/colas/api/queues/:queueName/:jobId/clean',
      'PUT /admin/colas/api/queues/:queueName/:jobId/promote',
      'PATCH /admin/colas/api/queues/:queueName/:jobId/update-data',
      'PATCH /admin/colas/api/queues/:queueName/:jobId/delay',
      'PATCH /admin/colas/api/queues/:queueName/:jobId/priority',
      'PUT /admin/colas/api/queues/:queueName/:jobId/remove-unprocessed-children',
    ],
  ),
  // Public: the health check, the simulated WhatsApp channel, static files and the sign-in form.
  'GET /healthz': { expect: allowAll(200), build: () => ({ url: '/healthz' }) },
  'POST /api/simulator/inbound': {
    expect: allowAll(202),
    build: () => ({ url: '/api/simulator/inbound', json: { from: '+5215550009999', text: 'hola' } }),
    csrfExempt: 'the simulated channel’s gateway: JSON only, no session, stands for WhatsApp’s webhook',
  },
  'POST /api/simulator/change': {
    expect: allowAll(202),
    build: () => ({ url: '/api/simulator/change', json: { from: '+5215550009999', of: 'sim-matriz-editado', text: 'hola' } }),
    csrfExempt: 'the simulated channel’s gateway: JSON only, no session, stands for WhatsApp’s webhook',
  },
  'POST /api/simulator/status': {
    expect: allowAll(202),
    build: () => ({ url: '/api/simulator/status', json: { id: 'sim-matriz', status: 'delivered' } }),
    csrfExempt: 'the simulated channel’s status callback: JSON only, no session, stands for WhatsApp’s webhook',
  },
  'GET /api/simulator/outbound': { expect: allowAll(200), build: () => ({ url: '/api/simulator/outbound?to=%2B5215550009999' }) },
  'GET /api/simulator/stream': { expect: allowAll(200), stream: true, build: () => ({ url: '/api/simulator/stream?to=%2B5215550009999' }) },
  'GET /simulator': { expect: allowAll(200), build: () => ({ url: '/simulator' }) },
  'GET /static/*': { expect: allowAll(200), build: () => ({ url: '/static/console.css' }) },
  'GET /static/shared/*': { expect: allowAll(200), build: () => ({ url: '/static/shared/time-ago.js' }) },
  'GET /login': {
    expect: { psychologist: 303, coordinator: 303, admin: 303, anonymous: 200 },
    build: () => ({ url: '/login' }),
  },
  'POST /login': {
    expect: allowAll(401),
    build: () => ({ url: '/login', form: { email: 'nadie@unidad.test', password: 'no-es-esta-contraseña' } }),
  },

  // Every signed-in person.
  'POST /logout': {
    expect: { psychologist: 303, coordinator: 303, admin: 303, anonymous: 302 },
    build: () => ({ url: '/logout', form: {} }),
  },
  'GET /': { expect: { psychologist: 200, coordinator: 200, admin: 303, anonymous: 302 }, build: () => ({ url: '/' }) },
  'GET /cuenta/contrasena': { expect: { psychologist: 200, coordinator: 200, admin: 200, anonymous: 302 }, build: () => ({ url: '/cuenta/contrasena' }) },
  'POST /cuenta/contrasena': {
    // A wrong current password: refused with 400, so the matrix's accounts keep theirs.
    expect: { psychologist: 400, coordinator: 400, admin: 400, anonymous: 302 },
    build: () => ({ url: '/cuenta/contrasena', form: { actual: 'no-es-la-actual', nueva: 'otra-contraseña-larga', confirmacion: 'otra-contraseña-larga' } }),
  },

  // Conversations: psychologists (their cases) and coordinators; never admins.
  'GET /api/bandeja': { expect: caseApi(200), build: () => ({ url: '/api/bandeja' }) },
  'GET /api/bandeja/filas/:caseId': { expect: caseApi(200), build: () => ({ url: `/api/bandeja/filas/${assignedCase}` }) },
  'GET /api/bandeja/urgentes': { expect: caseApi(200), build: () => ({ url: '/api/bandeja/urgentes' }) },
  'GET /events': { expect: caseApi(200), stream: true, build: () => ({ url: '/events' }) },
  'GET /casos/:caseId': { expect: casePage(200), build: () => ({ url: `/casos/${assignedCase}` }) },
  'GET /api/casos/:caseId/mensajes': { expect: caseApi(200), build: () => ({ url: `/api/casos/${assignedCase}/mensajes` }) },
  'GET /api/casos/:caseId/controles': { expect: caseApi(200), build: () => ({ url: `/api/casos/${assignedCase}/controles` }) },
  'GET /casos/:caseId/mensajes/:contactId/archivo': {
    expect: casePage(200),
    build: () => ({ url: `/casos/${assignedCase}/mensajes/${voiceNote}/archivo` }),
  },
  'POST /casos/:caseId/tomar': {
    expect: casePage(303),
    build: async () => {
      await holdBy(assignedCase, 'anonymous');
      return { url: `/casos/${assignedCase}/tomar`, form: {} };
    },
  },
  'POST /casos/:caseId/devolver': {
    expect: casePage(303),
    build: async (who) => {
      await holdBy(assignedCase, who);
      return { url: `/casos/${assignedCase}/devolver`, form: { modo: 'reanudar' } };
    },
  },
  'POST /casos/:caseId/mensajes': {
    expect: casePage(303),
    build: async (who) => {
      await holdBy(assignedCase, who);
      return { url: `/casos/${assignedCase}/mensajes`, form: { texto: 'Hola, ¿cómo vas?' } };
    },
  },
  'POST /casos/:caseId/plantilla': {
    expect: casePage(303),
    build: async (who) => {
      await holdBy(assignedCase, who);
      return { url: `/casos/${assignedCase}/plantilla`, form: { plantilla: 'ana_saludo_buen_momento' } };
    },
  },
  'GET /desconocidos': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 }, build: () => ({ url: '/desconocidos' }) },
  'GET /api/desconocidos/aviso': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 }, build: () => ({ url: '/api/desconocidos/aviso' }) },
  'GET /desconocidos/:id': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 }, build: async () => ({ url: `/desconocidos/${await unknownSender()}` }) },
  'POST /desconocidos/:id/telefono': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/desconocidos/${await unknownSender()}/telefono`, form: { motivo: 'prueba de permisos' } }),
  },
  'POST /desconocidos/:id/revisado': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/desconocidos/${await unknownSender()}/revisado`, form: {} }),
  },
  'POST /desconocidos/:id/vincular': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => {
      const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
      return { url: `/desconocidos/${await unknownSender()}/vincular`, form: { caso: caseId, confirmar: 'si' } };
    },
  },
  'POST /desconocidos/:id/reabrir': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => {
      // A woman whose follow-up ended writes again from her number.
      const { caseId, survivorId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
      await t.service.db.case.update({ where: { id: caseId }, data: { status: 'closed', closedAt: new Date() } });
      const { phoneHash } = await t.service.db.survivor.findUniqueOrThrow({ where: { id: survivorId } });
      const sender = await t.service.db.unknownSender.create({ data: { phoneHash: phoneHash!, phoneCipher: privacy.cipher.encrypt('+529980000000'), messageCount: 1 } });
      return { url: `/desconocidos/${sender.id}/reabrir`, form: {} };
    },
  },
  'POST /desconocidos/:id/mensaje': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => {
      const id = await unknownSender();
      // It just wrote: a coordinator may answer it.
      await t.service.db.contact.create({ data: { unknownSenderId: id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: privacy.cipher.encrypt('hola') } });
      return { url: `/desconocidos/${id}/mensaje`, form: { texto: 'Hola, ¿puedes platicar?' } };
    },
  },
  'GET /no-entregados': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 }, build: () => ({ url: '/no-entregados' }) },
  'POST /casos/:caseId/reabrir': {
    expect: casePage(303),
    build: async () => {
      // An ended follow-up of the psychologist's own.
      const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), assignedStaffId: ids.psychologist });
      await t.service.db.case.update({ where: { id: caseId }, data: { status: 'closed', closedAt: new Date() } });
      return { url: `/casos/${caseId}/reabrir`, form: {} };
    },
  },
  'POST /casos/:caseId/notas': { expect: casePage(303), build: () => ({ url: `/casos/${assignedCase}/notas`, form: { texto: 'nota' } }) },
  'POST /casos/:caseId/horario': { expect: casePage(303), build: () => ({ url: `/casos/${assignedCase}/horario`, form: { general: 'si' } }) },
  'POST /casos/:caseId/horario/bloqueos': {
    expect: casePage(303),
    build: () => ({
      url: `/casos/${assignedCase}/horario/bloqueos`,
      form: { desde: cancunLocal(new Date(Date.now() + 86_400_000).toISOString()), hasta: cancunLocal(new Date(Date.now() + 2 * 86_400_000).toISOString()) },
    }),
  },
  'POST /casos/:caseId/horario/bloqueos/quitar': {
    expect: casePage(303),
    build: () => ({ url: `/casos/${assignedCase}/horario/bloqueos/quitar`, form: { desde: '2030-01-01T15:00:00.000Z' } }),
  },
  'POST /casos/:caseId/datos': { expect: casePage(303), build: () => ({ url: `/casos/${assignedCase}/datos`, form: { alias: 'Luz', idioma: 'es-MX', riesgo: 'high' } }) },
  'POST /casos/:caseId/palabra-clave': { expect: casePage(303), build: () => ({ url: `/casos/${assignedCase}/palabra-clave`, form: { palabra_clave: 'Girasol' } }) },
  'POST /casos/:caseId/palabra-clave/quitar': { expect: casePage(303), build: () => ({ url: `/casos/${assignedCase}/palabra-clave/quitar`, form: {} }) },
  'POST /casos/:caseId/consentimientos': {
    expect: casePage(303),
    build: () => ({ url: `/casos/${assignedCase}/consentimientos`, form: { proposito: 'banavim', decision: 'si' } }),
  },
  'POST /casos/:caseId/telefono': {
    expect: casePage(200),
    build: () => ({ url: `/casos/${assignedCase}/telefono`, form: { motivo: 'prueba de permisos' } }),
  },
  'POST /casos/:caseId/alertas/:alertId/atendida': {
    expect: casePage(303),
    build: async (who) => {
      // Held by the caller, so resolving the case's last alert leaves its attention as it was.
      await holdBy(assignedCase, who);
      const alert = await t.service.db.alert.create({ data: { caseId: assignedCase, kind: 'handoff', urgency: 'normal', reason: 'Pidió hablar con alguien' } });
      return { url: `/casos/${assignedCase}/alertas/${alert.id}/atendida`, form: {} };
    },
  },
  'POST /casos/:caseId/asignar': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: () => ({ url: `/casos/${assignedCase}/asignar`, form: { staffId: ids.psychologist } }),
  },
  'POST /asignaciones': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    // From her to herself: allowed, and nothing moves, so the other routes' cases stay hers.
    build: () => ({ url: '/asignaciones', form: { de: ids.psychologist, staffId: ids.psychologist } }),
  },

  'GET /api/casos/:caseId/seguimientos': { expect: caseApi(200), build: () => ({ url: `/api/casos/${assignedCase}/seguimientos` }) },
  'POST /casos/:caseId/seguimientos': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: () => ({ url: `/casos/${assignedCase}/seguimientos`, form: { flujo: 'primer-contacto', fecha: cancunLocal(safeMoment()) } }),
  },
  'POST /casos/:caseId/seguimientos/:checkInId/mover': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/casos/${assignedCase}/seguimientos/${await scheduledCheckIn()}/mover`, form: { fecha: cancunLocal(safeMoment()), motivo: 'ella lo pidió' } }),
  },
  'POST /casos/:caseId/seguimientos/:checkInId/enviar': {
    // Her safe hours are blocked now, so the coordinator gets past every check to the refusal (409).
    expect: { psychologist: 403, coordinator: 409, admin: 403, anonymous: 302 },
    build: async () => {
      const blocked = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
      const { caseId } = await createConsentingCase(t.service.db, privacy, {
        interventionAt: new Date(),
        safeHours: { windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }], blocked: [blocked] },
      });
      const due = new Date(Date.now() + 10 * 24 * 3_600_000);
      const row = await t.service.db.checkIn.create({ data: { caseId, flowId: 'primer-contacto', dueAt: due, plannedAt: due } });
      return { url: `/casos/${caseId}/seguimientos/${row.id}/enviar`, form: {} };
    },
  },
  'POST /casos/:caseId/seguimientos/:checkInId/cancelar': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/casos/${assignedCase}/seguimientos/${await scheduledCheckIn()}/cancelar`, form: { motivo: 'ella lo pidió' } }),
  },

  // Reports (aggregate figures): coordinators and admins; BANAVIM (case fields): coordinators.
  'GET /reports': { expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 }, build: () => ({ url: '/reports' }) },
  'GET /assets/chart.js': { expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 }, build: () => ({ url: '/assets/chart.js' }) },
  'GET /assets/report-charts.js': {
    expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 },
    build: () => ({ url: '/assets/report-charts.js' }),
  },
  'GET /api/reports': { expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 401 }, build: () => ({ url: '/api/reports?from=2026-01-01&to=2026-04-01' }) },
  // Bulletins (aggregate figures): coordinators and admins. Importing the 911 file: coordinators.
  'GET /boletines': { expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 }, build: () => ({ url: '/boletines' }) },
  'GET /boletines/:bulletinId': {
    expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 },
    build: async () => {
      const row = await t.service.db.bulletin.upsert({
        where: { periodFrom_periodTo: { periodFrom: '2026-01-01', periodTo: '2026-01-31' } },
        create: { periodFrom: '2026-01-01', periodTo: '2026-01-31', figures: MATRIX_FIGURES },
        update: {},
      });
      return { url: `/boletines/${row.id}` };
    },
  },
  'GET /reports/boletin': { expect: { psychologist: 403, coordinator: 200, admin: 200, anonymous: 302 }, build: () => ({ url: '/reports/boletin?mes=2026-01' }) },
  'GET /importar': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 }, build: () => ({ url: '/importar' }) },
  // Without a file: the form again, 400.
  'POST /importar': { expect: { psychologist: 403, coordinator: 400, admin: 403, anonymous: 302 }, build: () => ({ url: '/importar', form: { hoja: '' } }) },
  // A dry run nobody made: 409, upload it again.
  'POST /importar/confirmar': {
    expect: { psychologist: 403, coordinator: 409, admin: 403, anonymous: 302 },
    build: () => ({ url: '/importar/confirmar', form: { revision: randomUUID() } }),
  },
  'GET /api/banavim/pending': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 }, build: () => ({ url: '/api/banavim/pending' }) },
  'PUT /api/banavim/:caseId/detail': {
    expect: { psychologist: 403, coordinator: 204, admin: 403, anonymous: 401 },
    build: () => ({
      url: `/api/banavim/${assignedCase}/detail`,
      json: { tipos_violencia: ['psicologica'], modalidades: ['familiar'], persona_agresora: { relacion: 'pareja', sexo: 'hombre' }, ordenes_proteccion: { otorgadas: false } },
    }),
  },
  'POST /api/banavim/:caseId/register': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: () => ({ url: `/api/banavim/${assignedCase}/register`, json: { folio: 'BNV-MATRIZ-1' } }),
  },

  // Check-ins (scheduling): coordinators.
  'POST /api/cases/:caseId/checkins': {
    expect: { psychologist: 403, coordinator: 201, admin: 403, anonymous: 401 },
    build: () => ({ url: `/api/cases/${assignedCase}/checkins`, json: { flow: 'primer-contacto', at: safeMoment() } }),
  },
  'PATCH /api/checkins/:checkInId': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: async () => ({ url: `/api/checkins/${await scheduledCheckIn()}`, json: { at: safeMoment(), reason: 'ella lo pidió' } }),
  },
  'POST /api/checkins/:checkInId/cancel': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: async () => ({ url: `/api/checkins/${await scheduledCheckIn()}/cancel`, json: { reason: 'ella lo pidió' } }),
  },

  // Video-call sessions: coordinators book, move and cancel; their psychologist (or a coordinator) closes one.
  'POST /api/appointments': {
    expect: { psychologist: 403, coordinator: 201, admin: 403, anonymous: 401 },
    build: () => ({ url: '/api/appointments', json: { caseId: assignedCase, staffId: ids.psychologist, startsAt: nextSessionTime() } }),
  },
  'PATCH /api/appointments/:appointmentId': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: async () => ({ url: `/api/appointments/${await session()}`, json: { startsAt: nextSessionTime() } }),
  },
  'POST /api/appointments/:appointmentId/cancel': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: async () => ({ url: `/api/appointments/${await session()}/cancel`, json: {} }),
  },
  'POST /api/appointments/:appointmentId/outcome': {
    expect: { psychologist: 200, coordinator: 200, admin: 403, anonymous: 401 },
    build: async () => ({ url: `/api/appointments/${await session(true)}/outcome`, json: { status: 'no_show', outcome: 'No se conectó' } }),
  },
  'GET /api/appointments/slots': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 401 },
    build: () => ({ url: `/api/appointments/slots?caseId=${assignedCase}&staffId=${ids.psychologist}` }),
  },
  'GET /calendario': { expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 }, build: () => ({ url: '/calendario' }) },
  'POST /calendario/citas': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: () => ({ url: '/calendario/citas', form: { staffId: ids.psychologist, caseId: assignedCase, inicio: localInput(nextSessionTime()) } }),
  },
  'POST /calendario/citas/:appointmentId/mover': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/calendario/citas/${await session()}/mover`, form: { inicio: localInput(nextSessionTime()) } }),
  },
  'POST /asignaciones/repartir': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    // To a psychologist of its own each time, so the cases the other routes use keep their assignment
    // (every case of theirs is assigned, or made unassigned on purpose by the test that needs it).
    build: async () => {
      sharedOut += 1;
      const id = await createStaffAccount(t.service.db, { role: 'psychologist', email: `repartir-${sharedOut}@unidad.test` });
      return { url: '/asignaciones/repartir', form: { psicologas: id } };
    },
  },
  'POST /calendario/citas/:appointmentId/psicologa': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    // To the psychologist it is with: allowed, and nothing changes.
    build: async () => ({ url: `/calendario/citas/${await session()}/psicologa`, form: { staffId: ids.psychologist } }),
  },
  'POST /calendario/citas/:appointmentId/cancelar': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/calendario/citas/${await session()}/cancelar`, form: {} }),
  },
  'POST /calendario/:staffId/horario': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: () => ({ url: `/calendario/${ids.psychologist}/horario`, form: { general: 'si' } }),
  },
  'POST /calendario/:staffId/ics': {
    expect: { psychologist: 403, coordinator: 200, admin: 403, anonymous: 302 },
    build: () => ({ url: `/calendario/${ids.psychologist}/ics`, form: {} }),
  },
  'POST /calendario/:staffId/ics/revocar': {
    expect: { psychologist: 403, coordinator: 303, admin: 403, anonymous: 302 },
    build: () => ({ url: `/calendario/${ids.psychologist}/ics/revocar`, form: {} }),
  },
  'GET /mis-sesiones': { expect: { psychologist: 200, coordinator: 403, admin: 403, anonymous: 302 }, build: () => ({ url: '/mis-sesiones' }) },
  'POST /mis-sesiones/:appointmentId/resultado': {
    expect: { psychologist: 303, coordinator: 403, admin: 403, anonymous: 302 },
    build: async () => ({ url: `/mis-sesiones/${await session(true)}/resultado`, form: { status: 'no_show', outcome: 'No se conectó' } }),
  },
  // The feed's token is its only key (calendar apps cannot sign in): an unknown one is 404 for anyone.
  'GET /calendario/ics/:token': { expect: allowAll(404), build: () => ({ url: `/calendario/ics/${'x'.repeat(43)}.ics` }) },

  // Accounts: admins.
  'GET /admin/personal': { expect: { psychologist: 403, coordinator: 403, admin: 200, anonymous: 302 }, build: () => ({ url: '/admin/personal' }) },
  'GET /admin/registro': { expect: { psychologist: 403, coordinator: 403, admin: 200, anonymous: 302 }, build: () => ({ url: '/admin/registro' }) },
  'POST /admin/personal': {
    expect: { psychologist: 403, coordinator: 403, admin: 303, anonymous: 302 },
    build: () => ({
      url: '/admin/personal',
      form: { displayName: 'Nueva', email: `nueva-${randomUUID()}@unidad.test`, role: 'psychologist', password: 'contraseña-larga-nueva' },
    }),
  },
  'POST /admin/personal/:staffId/desactivar': {
    expect: { psychologist: 403, coordinator: 403, admin: 303, anonymous: 302 },
    build: async () => {
      const victim = await createStaffAccount(t.service.db, { role: 'psychologist', email: `baja-${randomUUID()}@unidad.test` });
      return { url: `/admin/personal/${victim}/desactivar`, form: {} };
    },
  },
  'POST /admin/personal/:staffId/reactivar': {
    expect: { psychologist: 403, coordinator: 403, admin: 303, anonymous: 302 },
    build: async () => {
      const dormant = await createStaffAccount(t.service.db, { role: 'psychologist', email: `alta-${randomUUID()}@unidad.test`, active: false });
      return { url: `/admin/personal/${dormant}/reactivar`, form: {} };
    },
  },
  'POST /admin/personal/:staffId/restablecer': {
    expect: { psychologist: 403, coordinator: 403, admin: 200, anonymous: 302 },
    build: async () => {
      const forgetful = await createStaffAccount(t.service.db, { role: 'psychologist', email: `olvido-${randomUUID()}@unidad.test` });
      return { url: `/admin/personal/${forgetful}/restablecer`, form: {} };
    },
  },
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

beforeAll(async () => {
  // Any hour is inside her safe hours: a person's message outside them needs confirming (test/console/outside-hours.test.ts).
  ({ t, privacy } = await startOpenHoursService());
  ids.psychologist = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.test' });
  ids.coordinator = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  ids.admin = await createStaffAccount(t.service.db, { role: 'admin', email: 'admin@unidad.test' });
  ({ caseId: assignedCase } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() }));
  await t.service.db.case.update({ where: { id: assignedCase }, data: { assignedStaffId: ids.psychologist } });
  ({ id: voiceNote } = await t.service.db.contact.create({
    data: {
      caseId: assignedCase, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', kind: 'voice',
      media: { create: { status: 'stored', mime: 'audio/ogg', byteSize: 3, dataCipher: privacy.cipher.encryptBytes(new Uint8Array([79, 103, 103])) } },
    },
  }));
  surveyed = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
  for (const who of EVERYONE) clients[who] = new ConsoleClient(t.service.server);
  await clients.anonymous.refreshCsrf('/login');
  baseUrl = await t.service.server.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await t?.stop();
});

/** Signs the caller in again if an earlier cell signed them out. */
async function ready(who: Who): Promise<ConsoleClient> {
  const client = clients[who];
  if (who !== 'anonymous' && !client.cookies.has('acompana_sesion')) {
    const res = await client.signIn(`${who === 'psychologist' ? 'psi' : who === 'coordinator' ? 'coord' : 'admin'}@unidad.test`);
    expect(res.statusCode).toBe(303);
  }
  return client;
}

async function call(client: ConsoleClient, method: string, c: Call, withCsrf = true) {
  const headers: Record<string, string> = { ...c.headers };
  if (c.json) {
    if (withCsrf) headers['csrf-token'] = client.csrf;
    return client.request({ method: method as 'POST', url: c.url, payload: c.json, headers });
  }
  if (c.form) {
    const form = withCsrf ? { _csrf: client.csrf, ...c.form } : c.form;
    return client.request({ method: method as 'POST', url: c.url, form, headers });
  }
  return client.request({ method: method as 'GET', url: c.url, headers });
}

/** Opens a stream over a real connection and reports its status, then closes it. */
async function streamStatus(client: ConsoleClient, url: string): Promise<{ status: number; type: string | null }> {
  const abort = new AbortController();
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${baseUrl}${url}`, { headers: cookie ? { cookie } : {}, signal: abort.signal, redirect: 'manual' });
  abort.abort();
  return { status: res.status, type: res.headers.get('content-type') };
}

describe('the authorization matrix', () => {
  it('covers every route the server registers, and nothing else', () => {
    const registered = t.service.server.routeTable();
    const keys = new Set(registered.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    expect([...keys].sort()).toEqual(Object.keys(MATRIX).sort());
    // bull-board's entry page answers HEAD under its path with a trailing slash, GET without one.
    const headOf = (url: string) => (url === '/admin/colas/' ? '/admin/colas' : url);
    for (const head of registered.filter((r) => r.method === 'HEAD')) expect(keys).toContain(`GET ${headOf(head.url)}`);
  });

  for (const [route, spec] of Object.entries(MATRIX)) {
    const [method, path] = route.split(' ') as [string, string];
    for (const who of EVERYONE) {
      const expected = spec.expect[who];
      it(`${route} as ${who} → ${expected}`, async () => {
        const client = await ready(who);
        const c = await spec.build(who);
        if (spec.stream && expected === 200) {
          const { status, type } = await streamStatus(client, c.url);
          expect(status).toBe(200);
          expect(type).toMatch(/^text\/event-stream/);
          return;
        }
        const res = await call(client, method, c);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(expected);
        if (expected === 302 && !path.startsWith('/api/')) expect(res.headers.location).toMatch(/^\/login/);
        if (expected === 401 && path.startsWith('/api/')) expect(res.json()).toMatchObject({ error: 'unauthenticated' });
        if (expected === 403) expect(res.body).not.toMatch(/invalid_csrf|El formulario caducó/);
      });
    }

    if (UNSAFE.has(method) && !spec.csrfExempt) {
      // The first caller the route lets through (a 400 or 409 refuses the input or the state, after the CSRF check).
      const who = EVERYONE.find((w) => spec.expect[w] < 300 || ([303, 400, 409].includes(spec.expect[w]) && w !== 'anonymous')) ?? 'anonymous';
      it(`${route} without a CSRF token as ${who} → 403`, async () => {
        const client = await ready(who);
        const c = await spec.build(who);
        const res = await call(client, method, c, false);
        expect(res.statusCode).toBe(403);
      });
    }
  }
});

describe('which cases a psychologist sees', () => {
  it('refuses another psychologist’s case as if it did not exist; coordinators see it', async () => {
    const other = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'otra@unidad.test' });
    await t.service.db.case.update({ where: { id: surveyed.caseId }, data: { assignedStaffId: other } });
    const psi = await ready('psychologist');
    expect((await psi.get(`/casos/${surveyed.caseId}`)).statusCode).toBe(404);
    expect((await psi.get(`/api/casos/${surveyed.caseId}/mensajes`)).statusCode).toBe(404);
    expect((await psi.get(`/api/bandeja/filas/${surveyed.caseId}`)).statusCode).toBe(204);
    expect((await psi.post(`/casos/${surveyed.caseId}/tomar`)).statusCode).toBe(404);
    expect((await psi.post(`/casos/${surveyed.caseId}/telefono`, { motivo: 'curiosidad' })).statusCode).toBe(404);
    expect((await psi.get('/')).body).not.toContain(surveyed.caseId);
    expect(await t.service.db.auditLog.count({ where: { subject: `case:${surveyed.caseId}`, action: 'case.phone_revealed' } })).toBe(0);
    const coordinator = await ready('coordinator');
    expect((await coordinator.get(`/casos/${surveyed.caseId}`)).statusCode).toBe(200);
    expect((await coordinator.get('/')).body).toContain(surveyed.caseId);
  });

  it('shows an unassigned case to every psychologist only while it is urgent', async () => {
    await t.service.db.case.update({ where: { id: surveyed.caseId }, data: { assignedStaffId: null } });
    const psi = await ready('psychologist');
    expect((await psi.get(`/casos/${surveyed.caseId}`)).statusCode).toBe(404);
    await markUrgent(t.service.db, t.service.events, surveyed.caseId);
    expect((await psi.get(`/casos/${surveyed.caseId}`)).statusCode).toBe(200);
    const inbox = await psi.get('/');
    expect(inbox.body).toContain(`id="caso-${surveyed.caseId}"`);
    expect((await psi.get(`/api/bandeja/filas/${surveyed.caseId}`)).body).toContain('data-group="urgent"');
  });

  it('shows admins no conversation at all', async () => {
    const admin = await ready('admin');
    expect((await admin.get(`/casos/${surveyed.caseId}`)).statusCode).toBe(403);
    expect((await admin.get('/api/bandeja')).statusCode).toBe(403);
    const page = await admin.get('/admin/personal');
    expect(page.body).not.toContain(surveyed.caseId);
    expect(csrfTokenOf(page.body)).toBeTruthy();
  });
});
