import type { ContactChannel } from '../ports.js';

/** WhatsApp's customer service window: free text reaches her for 24 hours after her last message. */
export const REPLY_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Whether a person can write to her freely now, on the channel the deployment uses. Only the Cloud
 * API has a window (free text within 24 hours of her last message; outside it, only an approved
 * template); the other channels send free text at any time.
 *
 * @example
 * replyWindow('cloud_api', { cloud_api: new Date('2026-12-01T17:00Z') }, new Date('2026-12-01T20:00Z'))
 * // { kind: 'open', until: 2026-12-02T17:00Z }
 */
export type ReplyWindow =
  | { kind: 'always' }
  | { kind: 'open'; until: Date }
  | { kind: 'closed'; lastInboundAt: Date | null };

/** The reply window on `channel`, from when she last wrote on each channel. */
export function replyWindow(channel: ContactChannel, lastInboundAt: Partial<Record<ContactChannel, Date>>, now: Date): ReplyWindow {
  if (channel !== 'cloud_api') return { kind: 'always' };
  const last = lastInboundAt[channel] ?? null;
  if (last && last.getTime() + REPLY_WINDOW_MS > now.getTime()) return { kind: 'open', until: new Date(last.getTime() + REPLY_WINDOW_MS) };
  return { kind: 'closed', lastInboundAt: last };
}
