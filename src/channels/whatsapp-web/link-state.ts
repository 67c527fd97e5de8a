import type { Redis } from 'ioredis';
import QRCode from 'qrcode';
import type { ChannelHealth } from '../../app/ports.js';

/**
 * Where linking the phone stands, for the admins' page: the gateway's state and, while a phone must
 * be linked, the QR code to scan (WhatsApp renews it about every 20 seconds).
 *
 * @example
 * { "state": "qr_required", "qr": "2@Xk3…", "updatedAt": "2026-11-28T17:00:00.000Z" }
 */
export interface LinkStatus {
  state: ChannelHealth['state'];
  detail?: string | undefined;
  qr?: string | undefined;
  updatedAt: string;
}

/** A QR code is worth nothing after a minute or two; a stale one is never shown. */
const QR_TTL_SECONDS = 120;

/**
 * The link status in Redis (`<prefix>:link`), so the console of any process shows the QR code the
 * gateway process received. The QR code is a credential for a minute: it is kept only that long and
 * shown only behind the admins' guard (see routes.ts).
 */
export class LinkStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Replaces the status. */
  async publish(status: LinkStatus): Promise<void> {
    const key = `${this.prefix}:link`;
    if (status.qr) await this.redis.set(key, JSON.stringify(status), 'EX', QR_TTL_SECONDS);
    else await this.redis.set(key, JSON.stringify(status));
  }

  /** The current status, or null when no gateway has published one (or the QR code expired). */
  async read(): Promise<LinkStatus | null> {
    const raw = await this.redis.get(`${this.prefix}:link`);
    return raw ? (JSON.parse(raw) as LinkStatus) : null;
  }
}

/**
 * Prints a QR code for the terminal of whoever runs the service (on stderr, away from the JSON log),
 * so a phone can be linked before the console is reachable.
 */
export async function printQrToTerminal(qr: string, write: (text: string) => void = (t) => process.stderr.write(t)): Promise<void> {
  const art = await QRCode.toString(qr, { type: 'terminal', small: true });
  write(`\nWhatsApp: scan this code from the unit's phone (WhatsApp › Linked devices › Link a device):\n${art}\n`);
}
