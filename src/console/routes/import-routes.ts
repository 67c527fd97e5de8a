import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { consoleErrorHandler } from '../console-errors.js';
import { z } from 'zod';
import { TEXT_ENCODINGS, type TextEncoding } from '../../app/records/decode-text.js';
import { importInterventions, type ImportInterventionsDeps } from '../../app/records/import-interventions.js';
import type { CheckedImports } from '../../app/records/ports.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { parseRequest } from '../request-error.js';
import { actorOf } from '../staff-request.js';
import { importPage, type ImportPageModel } from '../views/import-page.js';
import { sendHtml, staffOf, viewerOf } from './route-helpers.js';

/** What the import routes need: the import's own dependencies, and who may import. */
export interface ImportRoutesOptions {
  deps: ImportInterventionsDeps;
  /** The console's sign-in and role check (coordinators). */
  authorize: preHandlerHookHandler;
  /** Where checked files wait for *Confirmar* (Redis: every console process sees them). */
  checked: CheckedImports;
}

/** The largest file accepted: 100,000 rows of the unit's CSV are about 10 MB. */
const MAX_FILE_BYTES = 25 * 1024 * 1024;

const uploadBody = z.object({
  archivo: z.instanceof(Buffer, { error: 'elige un archivo' }),
  hoja: z.string('escribe el nombre de una sola hoja').trim().max(100, 'el nombre de la hoja es demasiado largo').optional(),
  codificacion: z.union([z.literal(''), z.enum(TEXT_ENCODINGS)], { error: 'debe ser utf-8 o windows-1252' }).optional(),
});
/** What the form says when no file came, or the upload could not be read. */
const UNREADABLE_UPLOAD = 'Elige el archivo de intervenciones (.xlsx o .csv) y vuelve a intentarlo.';
const confirmBody = z.object({ revision: z.uuid({ error: 'vuelve a subir el archivo' }) });

/**
 * The *Importar* page of the console (coordinators), as a Fastify plugin:
 * - `GET /importar`: the upload form;
 * - `POST /importar` (multipart: `archivo`, `hoja`, `codificacion`, `_csrf`): a dry run of the import
 *   (audited as `interventions.import_check`), showing the problems by line, or the summary with
 *   *Confirmar*;
 * - `POST /importar/confirmar` (`revision`): imports the checked file (audited as
 *   `interventions.import`), all or nothing, as `acompana import interventions` does.
 * The checked file waits in {@link ImportRoutesOptions.checked} (encrypted in Redis for 30 minutes, for
 * the coordinator who checked it), so any console process can confirm it, and only once. An upload
 * that cannot be read answers the form again with 400; nobody signed in is sent to sign in before it
 * is read.
 */
export const importRoutes: FastifyPluginAsync<ImportRoutesOptions> = async (app, options) => {
  // Nobody signed in is sent to sign in before the upload is read: a visitor's 25 MB are not parsed for
  // nothing. (The role and the form's CSRF token, a field of the upload, are checked once it is read.)
  app.addHook('onRequest', async (request, reply) => {
    if (!request.staff && request.method === 'POST') return reply.redirect('/login', 302);
  });
  app.addHook('preHandler', options.authorize);
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 },
  });
  // An upload the multipart parser could not read (cut short, no boundary) fails before the handler,
  // with no status: it is the form again with a 400, not a 500.
  const handled = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (request) => {
    handled.add(request);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.statusCode === undefined && !handled.has(request) && viewerOf(request)) {
      request.log.info({ err: { name: error.name } }, 'import upload could not be read');
      return page(request, reply, { kind: 'form', message: UNREADABLE_UPLOAD }, 400);
    }
    return consoleErrorHandler(error, request, reply);
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const page = (request: Parameters<preHandlerHookHandler>[0], reply: Parameters<preHandlerHookHandler>[1], model: ImportPageModel, status = 200) =>
    sendHtml(reply, importPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), model }), status);

  app.get('/importar', async (request, reply) => page(request, reply, { kind: 'form' }));

  app.post('/importar', async (request, reply) => {
    const parsed = uploadBody.safeParse(request.body ?? {});
    if (!parsed.success || parsed.data.archivo.length === 0) {
      // A wrong encoding or sheet is named; anything else about the file asks for it again.
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      const field = issue?.path[0];
      const message = field === 'hoja' || field === 'codificacion' ? `${field}: ${issue!.message}` : UNREADABLE_UPLOAD;
      return page(request, reply, { kind: 'form', message }, 400);
    }
    const input = {
      file: new Uint8Array(parsed.data.archivo),
      sheet: parsed.data.hoja || undefined,
      encoding: (parsed.data.codificacion || undefined) as TextEncoding | undefined,
    };
    const checked = await importInterventions(options.deps, { ...input, actor: actorOf(request), dryRun: true });
    if (!checked.ok) return page(request, reply, { kind: 'problems', problems: checked.problems }, 422);
    const token = await options.checked.keep(staffOf(request).id, input);
    return page(request, reply, { kind: 'checked', rows: checked.rows, outcome: checked.outcome, token, ignoredColumns: checked.ignoredColumns, headerBelowTitles: checked.headerBelowTitles, sheetRead: checked.sheetRead });
  });

  app.post('/importar/confirmar', async (request, reply) => {
    const { revision } = parseRequest(confirmBody, request.body ?? {}, 'body', 'es');
    const file = await options.checked.take(staffOf(request).id, revision);
    if (!file) {
      return page(request, reply, { kind: 'form', message: 'Esa revisión ya no está disponible (pasaron más de 30 minutos, o ya se importó). Vuelve a subir el archivo.' }, 409);
    }
    const result = await importInterventions(options.deps, { ...file, actor: actorOf(request) });
    if (!result.ok) return page(request, reply, { kind: 'problems', problems: result.problems }, 422);
    return page(request, reply, { kind: 'imported', rows: result.rows, outcome: result.outcome, ignoredColumns: result.ignoredColumns, headerBelowTitles: result.headerBelowTitles, sheetRead: result.sheetRead });
  });
};
