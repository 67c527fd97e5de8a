import type { InboundMedia, SharedLocation } from '../../app/ports.js';
import type { WaMessage } from './client.js';

/** The cap when none is configured: WhatsApp's own limit for most files. */
export const DEFAULT_MEDIA_MAX_BYTES = 16 * 1024 * 1024;

/**
 * What came with a whatsapp-web.js message: its file, through `downloadMedia()` (capped at
 * `maxBytes`: larger is recorded as too large, without downloading it when WhatsApp announces its
 * size; a failed or empty download as unavailable, so the message still goes on), and the place of a
 * shared location.
 *
 * @example
 * await messageAttachments(voiceNote, 16 * 1024 * 1024) // { media: { status: 'stored', mime: 'audio/ogg; codecs=opus', data } }
 * await messageAttachments(place, 16 * 1024 * 1024)     // { location: { lat: 21.16, lng: -86.85 } }
 */
export async function messageAttachments(
  message: WaMessage,
  maxBytes: number,
): Promise<{ media?: InboundMedia; location?: SharedLocation }> {
  const location = placeOf(message);
  if (location) return { location };
  if (!message.hasMedia) return {};
  // The size WhatsApp announces, before anything is downloaded: `downloadMedia()` pulls the whole file
  // into the browser and then into this process as one string, so a 2 GB document must never start.
  const announced = Number(message._data?.size);
  if (Number.isFinite(announced) && announced > maxBytes) {
    const mime = typeof message._data?.mimetype === 'string' && message._data.mimetype !== '' ? message._data.mimetype : 'application/octet-stream';
    return { media: { status: 'too_large', mime, byteSize: announced } };
  }
  try {
    const file = await message.downloadMedia();
    if (!file?.data) return { media: { status: 'unavailable', mime: file?.mimetype || 'application/octet-stream' } };
    const size = typeof file.filesize === 'number' && file.filesize > 0 ? file.filesize : Math.floor((file.data.length * 3) / 4);
    if (size > maxBytes) return { media: { status: 'too_large', mime: file.mimetype, byteSize: size } };
    return { media: { status: 'stored', mime: file.mimetype, data: Buffer.from(file.data, 'base64') } };
  } catch {
    return { media: { status: 'unavailable', mime: 'application/octet-stream' } };
  }
}

function placeOf(message: WaMessage): SharedLocation | undefined {
  if (String(message.type) !== 'location' || !message.location) return undefined;
  const lat = Number(message.location.latitude);
  const lng = Number(message.location.longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  const name = message.location.description?.split('\n')[0]?.trim();
  return { lat, lng, ...(name ? { name } : {}) };
}
