import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../app/ports.js';
import { TEXT_ENCODINGS, type TextEncoding } from '../../app/records/decode-text.js';
import { importInterventions, type ImportInput, type ImportInterventionsDeps } from '../../app/records/import-interventions.js';
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
  clock: Clock;
}

/** The largest file accepted: 100,000 rows of the unit's CSV are about 10 MB. */
const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** How long a checked file waits for *Confirmar*. */
const PENDING_MS = 30 * 60_000;
/** At most this many checked files wait at once (the oldest is dropped). */
const MAX_PENDING = 20;

const uploadBody = z.object({
  archivo: z.instanceof(Buffer, { error: 'elige un archivo' }),
  hoja: z.string().trim().max(100).optional(),
  codificacion: z.union([z.literal(''), z.enum(TEXT_ENCODINGS)], { error: 'debe ser utf-8 o windows-1252' }).optional(),
});
const confirmBody = z.object({ revision: z.uuid({ error: 'vuelve a subir el archivo' }) });

/** A file a coordinator checked, waiting for her *Confirmar* (kept in this process's memory only). */
interface PendingFile {
  staffId: string;
  input: Pick<ImportInput, 'file' | 'sheet' | 'encoding'>;
  expiresAt: number;
}

/**
 * The *Importar* page of the console (coordinators), as a Fastify plugin:
 * - `GET /importar`: the upload form;
 * - `POST /importar` (multipart: `archivo`, `hoja`, `codificacion`, `_csrf`): a dry run of the import
 *   (audited as `interventions.import_check`), showing the problems by line, or the summary with
 *   *Confirmar*;
 * - `POST /importar/confirmar` (`revision`): imports the checked file (audited as
 *   `interventions.import`), all or nothing, as `acompana import interventions` does.
 * The checked file waits in this process's memory (30 minutes, for the coordinator who checked it),
 * never on disk; a console restarted in between asks for it again.
 */
export const importRoutes: FastifyPluginAsync<ImportRoutesOptions> = async (app, options) => {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 },
  });
  app.addHook('preHandler', options.authorize);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  const pending = new Map<string, PendingFile>();
  const now = () => options.clock.now().getTime();
  const forget = () => {
    for (const [token, file] of pending) if (file.expiresAt <= now()) pending.delete(token);
    while (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
  };

  const page = (request: Parameters<preHandlerHookHandler>[0], reply: Parameters<preHandlerHookHandler>[1], model: ImportPageModel, status = 200) =>
    sendHtml(reply, importPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), model }), status);

  app.get('/importar', async (request, reply) => page(request, reply, { kind: 'form' }));

  app.post('/importar', async (request, reply) => {
    const parsed = uploadBody.safeParse(request.body ?? {});
    if (!parsed.success || parsed.data.archivo.length === 0) {
      return page(request, reply, { kind: 'form', message: 'Elige el archivo de intervenciones (.xlsx o .csv) y vuelve a intentarlo.' }, 400);
    }
    const input = {
      file: new Uint8Array(parsed.data.archivo),
      sheet: parsed.data.hoja || undefined,
      encoding: (parsed.data.codificacion || undefined) as TextEncoding | undefined,
    };
    const checked = await importInterventions(options.deps, { ...input, actor: actorOf(request), dryRun: true });
    if (!checked.ok) return page(request, reply, { kind: 'problems', problems: checked.problems }, 422);
    forget();
    const token = randomUUID();
    pending.set(token, { staffId: staffOf(request).id, input, expiresAt: now() + PENDING_MS });
    return page(request, reply, { kind: 'checked', rows: checked.rows, outcome: checked.outcome, token });
  });

  app.post('/importar/confirmar', async (request, reply) => {
    const { revision } = parseRequest(confirmBody, request.body ?? {}, 'body');
    const file = pending.get(revision);
    if (!file || file.staffId !== staffOf(request).id || file.expiresAt <= now()) {
      return page(request, reply, { kind: 'form', message: 'Esa revisión ya no está disponible (pasaron más de 30 minutos, o ya se importó). Vuelve a subir el archivo.' }, 409);
    }
    pending.delete(revision);
    const result = await importInterventions(options.deps, { ...file.input, actor: actorOf(request) });
    if (!result.ok) return page(request, reply, { kind: 'problems', problems: result.problems }, 422);
    return page(request, reply, { kind: 'imported', rows: result.rows, outcome: result.outcome });
  });
};
