import type { WaClient, WaClientFactory } from './client.js';

/** Where and how the real client runs. */
export interface RealClientOptions {
  /** The system's Chromium (`CHROMIUM_PATH`); puppeteer's own download is switched off. */
  chromiumPath: string;
  /** The folder that keeps the linked session (`WA_SESSION_DIR`). */
  sessionDir: string;
  /** The session's one stable id (`WA_CLIENT_ID`). */
  clientId: string;
}

/**
 * Chromium flags: no sandbox (the service may run as root, where Chromium refuses to start with
 * one), no GPU, and `/tmp` instead of a small `/dev/shm` in containers.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'];

/**
 * Loads whatsapp-web.js (and puppeteer) only when this channel is used, and returns the factory the
 * supervisor calls for every (re)start: a new `Client` with `LocalAuth` on the session folder and the
 * system's Chromium, headless.
 *
 * @example
 * const factory = await realClientFactory({ chromiumPath: '/usr/bin/chromium', sessionDir: '.data/whatsapp-session', clientId: 'acompana' });
 */
export async function realClientFactory(options: RealClientOptions): Promise<WaClientFactory> {
  const { default: wwebjs } = await import('whatsapp-web.js');
  const { Client, LocalAuth } = wwebjs;
  return (): WaClient =>
    new Client({
      authStrategy: new LocalAuth({ clientId: options.clientId, dataPath: options.sessionDir }),
      puppeteer: { executablePath: options.chromiumPath, headless: true, args: CHROMIUM_ARGS },
      takeoverOnConflict: false,
    });
}
