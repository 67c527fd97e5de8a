import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CASE_ROLES } from '../../app/console/policy.js';
import { viewMedia } from '../../app/console/view-media.js';
import { authorize } from '../authorize.js';
import { byteRange } from '../byte-range.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { staffOf } from './route-helpers.js';

const mediaParams = z.object({ caseId: z.uuid('debe ser el identificador de un caso'), contactId: z.uuid('debe ser el identificador de un mensaje') });

/** Types a browser shows inline safely; anything else (HTML, SVG, PDF…) is only downloaded. */
const INLINE_TYPES = /^(image\/(jpeg|png|gif|webp)|audio\/[a-z0-9.+-]+|video\/(mp4|3gpp|webm|ogg))$/;

/** File names by kind, never anything she or the channel wrote. */
const FILE_NAMES: Record<string, string> = {
  voice: 'nota-de-voz',
  audio: 'audio',
  image: 'imagen',
  video: 'video',
  document: 'documento',
  sticker: 'sticker',
};

/** A media type parameter of plain tokens, as `codecs=opus`. */
const HEADER_PARAMETER = /^[a-z0-9!#$&^_.+-]{1,40}=[a-z0-9!#$&^_.+-]{1,60}$/i;

/**
 * `GET /casos/:caseId/mensajes/:contactId/archivo`: the voice note, image, video or document of one
 * of her messages, decrypted for a person allowed to see the case, audited on every request
 * (`case.media_viewed`). Never cached (`Cache-Control: no-store`); audio, images and video inline,
 * anything else as a download under a neutral name; the browser may not guess another type, and
 * the file runs no script (`sandbox`). One byte range is served when asked for (206, or 416).
 */
export const mediaRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  // Passive: an image the page loads by itself (after a live refresh) is no sign that anyone is at the
  // screen, so it must not keep an unattended console signed in. Each view is still audited.
  app.get('/casos/:caseId/mensajes/:contactId/archivo', { preHandler: authorize(CASE_ROLES), config: { passive: true } }, async (request, reply) => {
    const { caseId, contactId } = parseRequest(mediaParams, request.params, 'params', 'es');
    const file = await viewMedia(deps, staffOf(request), caseId, contactId);
    const [base, ...parameters] = file.mime.split(';');
    const mime = base!.trim().toLowerCase();
    const inline = INLINE_TYPES.test(mime);
    const name = FILE_NAMES[file.kind] ?? 'archivo';
    // The type came from her phone through the channel: only parameters made of plain tokens
    // (`codecs=opus`) go back into the header; anything else could not be sent and would fail the page.
    const kept = parameters.map((p) => p.trim()).filter((p) => HEADER_PARAMETER.test(p));
    reply
      .header('content-type', inline ? [mime, ...kept].join('; ') : 'application/octet-stream')
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${name}"`)
      .header('accept-ranges', 'bytes');
    // Safari asks for audio and video a range at a time (each request is audited as a view).
    const size = file.data.length;
    const range = byteRange(request.headers.range, size);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (range) return reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).send(Buffer.from(file.data.subarray(range.start, range.end + 1)));
    return reply.send(file.data);
  });
};
