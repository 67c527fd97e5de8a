import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** Where the staff guide's pictures live (`docs/guia-personal.md` shows them). */
const GUIDE_IMAGES = fileURLToPath(new URL('../../docs/img/guia/', import.meta.url));

/**
 * Saves a full-page screenshot to `<dir><name>.png` (a test-artifacts folder). When it is a picture
 * of the staff guide (`guideName`) and the run was started with `UPDATE_GUIDE_IMAGES=1`, the same
 * picture also replaces `docs/img/guia/<guideName>.png`, so the guide shows the console as the tests
 * last saw it: `UPDATE_GUIDE_IMAGES=1 npx vitest run test/console/console-browser.test.ts`.
 */
export async function saveScreenshot(page: Page, dir: string, name: string, guideName?: string): Promise<void> {
  const png = await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
  if (guideName === undefined || process.env.UPDATE_GUIDE_IMAGES !== '1') return;
  await mkdir(GUIDE_IMAGES, { recursive: true });
  await writeFile(`${GUIDE_IMAGES}${guideName}.png`, png);
}
