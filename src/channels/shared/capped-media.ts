import type { InboundMedia } from '../../app/ports.js';

/**
 * A downloaded file as handed over: kept when it is at most `maxBytes`, else recorded as too large
 * (its bytes dropped here, before they reach the queue or the database).
 *
 * @example
 * cappedMedia('image/jpeg', bytes, 16 * 1024 * 1024) // { status: 'stored', mime: 'image/jpeg', data: bytes }
 */
export function cappedMedia(mime: string, data: Uint8Array, maxBytes: number): InboundMedia {
  if (data.byteLength > maxBytes) return { status: 'too_large', mime, byteSize: data.byteLength };
  return { status: 'stored', mime, data };
}
