import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Flags for Debian's Chromium in a container: headless, as root, quiet on the network. */
const CHROMIUM_ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches the system's Chromium (`/usr/bin/chromium`, never a downloaded browser) through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * The folder under `test-artifacts/` where a browser test saves its screenshots (created if needed),
 * with a trailing slash: `await artifactsDir('console')` → `…/test-artifacts/console/`.
 */
export async function artifactsDir(name = ''): Promise<string> {
  const dir = fileURLToPath(new URL(`../../test-artifacts/${name ? `${name}/` : ''}`, import.meta.url));
  await mkdir(dir, { recursive: true });
  return dir;
}
