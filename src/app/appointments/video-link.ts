import { randomBytes } from 'node:crypto';

/** Random bytes in a room name: 144 bits, over the 128 asked for, in 24 base64url characters. */
const ROOM_BYTES = 18;

/**
 * A new video room name: random only (no case, no name, no date), so the link says nothing about
 * her and cannot be guessed.
 *
 * @example
 * newVideoRoom() // "q3ZP1v0cX9mYk2Lr7TQa_b5W"
 */
export function newVideoRoom(): string {
  return randomBytes(ROOM_BYTES).toString('base64url');
}

/**
 * The Jitsi-Meet-compatible link of a room: `<base>/<room>`.
 *
 * @example
 * videoLink('https://meet.jit.si', 'q3ZP1v0cX9mYk2Lr7TQa_b5W') // "https://meet.jit.si/q3ZP1v0cX9mYk2Lr7TQa_b5W"
 */
export function videoLink(baseUrl: string, room: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(room)}`;
}
