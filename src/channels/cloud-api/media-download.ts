import type { InboundMedia } from '../../app/ports.js';

/** Where and as whom files are fetched: the same base URL and token as sends. */
export interface CloudMediaOptions {
  /** `CLOUD_API_BASE_URL`, e.g. `https://graph.facebook.com/v21.0`. */
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** `MEDIA_MAX_BYTES`: a larger file is recorded as too large and not downloaded. */
  maxBytes: number;
}

/** What the media endpoint answers for a media id (the URL is only valid for a few minutes). */
interface MediaInfo {
  url?: unknown;
  mime_type?: unknown;
  file_size?: unknown;
}

/**
 * Downloads the file of a Cloud API message (voice note, image, video, document, sticker): asks
 * `GET /<media-id>` for its short-lived URL, then fetches that URL, both with the bearer token. A URL
 * that expired in between (401, 403, 404) is asked for again once. A file over `maxBytes` (by the
 * size the API states, or while reading) is recorded as too large; any other failure as unavailable,
 * so her message is never lost for want of its file. Nothing about the file is logged.
 *
 * @example
 * const download = cloudMediaDownloader({ baseUrl, token, timeoutMs: 20_000, maxBytes: 16 * 1024 * 1024 });
 * await download('1234567890', 'audio/ogg') // { status: 'stored', mime: 'audio/ogg; codecs=opus', data: <bytes> }
 */
export function cloudMediaDownloader(options: CloudMediaOptions): (mediaId: string, mime: string) => Promise<InboundMedia> {
  const auth = { authorization: `Bearer ${options.token}` };
  const info = async (mediaId: string): Promise<MediaInfo | null> => {
    const response = await fetch(`${options.baseUrl}/${encodeURIComponent(mediaId)}`, { headers: auth, signal: AbortSignal.timeout(options.timeoutMs) });
    return response.ok ? ((await response.json()) as MediaInfo) : null;
  };
  return async (mediaId, fallbackMime) => {
    let mime = fallbackMime;
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const found = await info(mediaId);
        if (!found || typeof found.url !== 'string') return { status: 'unavailable', mime };
        if (typeof found.mime_type === 'string' && found.mime_type) mime = found.mime_type;
        const stated = Number(found.file_size);
        if (Number.isFinite(stated) && stated > options.maxBytes) return { status: 'too_large', mime, byteSize: stated };
        const response = await fetch(found.url, { headers: auth, signal: AbortSignal.timeout(options.timeoutMs) });
        if ([401, 403, 404].includes(response.status) && attempt === 0) {
          await response.body?.cancel();
          continue; // the URL expired: ask for a fresh one
        }
        if (!response.ok || !response.body) return { status: 'unavailable', mime };
        return await readCapped(response.body, mime, options.maxBytes);
      }
      return { status: 'unavailable', mime };
    } catch {
      return { status: 'unavailable', mime };
    }
  };
}

/** Reads a body up to `maxBytes`; past it, stops reading and reports the file as too large. */
async function readCapped(body: ReadableStream<Uint8Array>, mime: string, maxBytes: number): Promise<InboundMedia> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { status: 'too_large', mime, byteSize: size };
    }
    chunks.push(value);
  }
  return { status: 'stored', mime, data: Buffer.concat(chunks) };
}
