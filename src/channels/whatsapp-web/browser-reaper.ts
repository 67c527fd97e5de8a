import { readFile, readlink, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What {@link reapLeftoverBrowser} did. */
export type ReapOutcome = 'none' | 'killed' | 'stale_lock_removed';

/** Chromium's profile lock files: `SingletonLock` links to `<host>-<pid>` of the browser using it. */
const LOCK_FILES = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

/**
 * Stops a Chromium left over on the session's profile folder (after a `kill -9` of Node the browser
 * keeps running, and a new one then fails with "The browser is already running for …"). Its pid is
 * read from the profile's `SingletonLock`; it is killed (its whole process group) only if it runs on
 * this host and its command line names this profile. A lock from another host or a dead process is
 * removed. Call only while holding the session lease: no live process of the service owns the folder.
 */
export async function reapLeftoverBrowser(profileDir: string, options: { waitMs?: number } = {}): Promise<ReapOutcome> {
  let target: string;
  try {
    target = await readlink(join(profileDir, 'SingletonLock'));
  } catch {
    return 'none';
  }
  const match = /^(.*)-(\d+)$/.exec(target);
  const pid = match && match[1] === hostname() ? Number(match[2]) : null;
  let outcome: ReapOutcome = 'stale_lock_removed';
  if (pid !== null && isAlive(pid) && (await commandLineNames(pid, profileDir))) {
    killGroup(pid);
    await waitForExit(pid, options.waitMs ?? 5_000);
    outcome = 'killed';
  }
  await Promise.all(LOCK_FILES.map((name) => rm(join(profileDir, name), { force: true })));
  return outcome;
}

/** Kills a browser this process launched, with its process group, if it still runs. */
export function killBrowser(pid: number | undefined): void {
  if (pid !== undefined && isAlive(pid)) killGroup(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLineNames(pid: number, profileDir: string): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0').some((arg) => arg === `--user-data-dir=${profileDir}`);
  } catch {
    return false;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function waitForExit(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
