import { spawn, type ChildProcess } from 'node:child_process';
import { readlink, symlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../support/test-service.js';
import { buildGateway, type GatewayUnderTest } from '../support/whatsapp-gateway.js';
import { FakeWhatsApp } from '../support/fake-whatsapp.js';

const open: GatewayUnderTest[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const g of open.splice(0).reverse()) await g.cleanup();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function gateway(...args: Parameters<typeof buildGateway>): Promise<GatewayUnderTest> {
  const g = await buildGateway(...args);
  open.push(g);
  return g;
}

const state = (g: GatewayUnderTest) => g.channel.health().state;
const until = <T>(what: string, probe: () => T | undefined | false, ms = 5_000) =>
  eventually(async () => probe() || undefined, ms, what);

/** A process whose command line names the profile, as Chromium's does, in its own process group. */
function fakeBrowser(profileDir: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `--user-data-dir=${profileDir}`], {
    detached: true,
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

describe('whatsapp-web gateway: start-up and linking', () => {
  it('reports not_started until started, then starting → ready with a linked session', async () => {
    const g = await gateway();
    expect(g.channel.health()).toEqual({ state: 'disconnected', detail: 'not_started' });
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    expect(g.world.clients).toHaveLength(1);
    await eventually(async () => ((await g.channel.link.read())?.state === 'ready' ? true : undefined), 5_000, 'ready on the link page');
  });

  it('shows the QR code (terminal and link page), refreshes it live, and is ready once scanned', async () => {
    const world = new FakeWhatsApp();
    world.linked = false;
    const g = await gateway({ world });
    await g.channel.start(g.events);
    await until('qr_required', () => state(g) === 'qr_required');
    expect(g.qrShown).toHaveLength(1);
    const linkState = (want: (link: Awaited<ReturnType<typeof g.channel.link.read>>) => boolean) =>
      eventually(async () => {
        const link = await g.channel.link.read();
        return want(link) ? link : undefined;
      }, 5_000, 'the link page state');
    await linkState((link) => link?.state === 'qr_required' && link.qr === g.qrShown[0]);

    world.client.emit('qr', '2@second-code');
    await until('the new code', () => g.qrShown.length === 2);
    await linkState((link) => link?.qr === '2@second-code');
    expect(g.logText()).not.toContain('2@second-code');

    world.scanQr();
    await until('ready', () => state(g) === 'ready');
    const linked = await linkState((link) => link?.state === 'ready');
    expect(linked?.qr).toBeUndefined();
  });

  it('waits for a QR scan without a deadline, but not for a stalled page', async () => {
    const world = new FakeWhatsApp();
    world.startups = [{ kind: 'hang' }, { kind: 'normal' }];
    const g = await gateway({ world, settings: { startupDeadlineMs: 300 } });
    await g.channel.start(g.events);
    await until('a second client', () => world.clients.length >= 2);
    expect(world.clients[0]!.destroyed).toBe(true);
    await until('ready', () => state(g) === 'ready');
    expect(g.logText()).toContain('"failure":"deadline"');

    const unlinked = new FakeWhatsApp();
    unlinked.linked = false;
    const q = await gateway({ world: unlinked, settings: { startupDeadlineMs: 300 } });
    await q.channel.start(q.events);
    await until('qr_required', () => state(q) === 'qr_required');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(unlinked.clients).toHaveLength(1);
    expect(state(q)).toBe('qr_required');
  });

  it.each([
    [new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'), 'network'],
    ['auth timeout', 'auth_timeout'],
    [new Error('Protocol error (Target.setAutoAttach): Target closed.'), 'browser_crashed'],
  ])('classifies %s as %s and keeps rebuilding with backoff', async (error, failure) => {
    const world = new FakeWhatsApp();
    world.startups = [{ kind: 'reject', error }];
    const g = await gateway({ world, settings: { maxRestarts: 2, restartMaxDelayMs: 50 } });
    await g.channel.start(g.events);
    await until('more rebuilds than the cap', () => world.clients.length >= 5);
    expect(g.logText()).toContain(`"failure":"${failure}"`);
    expect(state(g)).not.toBe('ready');
    expect(world.clients.slice(0, -1).every((c) => c.destroyed)).toBe(true);
  });

  it('stops rebuilding after the cap when Chromium cannot start, and says so in health', async () => {
    const world = new FakeWhatsApp();
    world.startups = [{ kind: 'reject', error: new Error('Failed to launch the browser process! spawn /usr/bin/chromium ENOENT') }];
    const g = await gateway({ world, settings: { maxRestarts: 3, restartMaxDelayMs: 20 } });
    await g.channel.start(g.events);
    await until('giving up', () => g.channel.health().detail === 'gave_up:browser_launch');
    expect(g.channel.health()).toEqual({ state: 'disconnected', detail: 'gave_up:browser_launch' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.clients).toHaveLength(3);
  });

  it('builds a new client after WhatsApp disconnects a ready one', async () => {
    const g = await gateway();
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    g.world.client.emit('disconnected', 'NAVIGATION');
    await until('a second client, ready', () => g.world.clients.length === 2 && state(g) === 'ready');
    expect(g.world.clients[0]!.destroyed).toBe(true);
  });

  it('is degraded while a ready client is not connected', async () => {
    const g = await gateway();
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    g.world.client.emit('change_state', 'TIMEOUT');
    expect(g.channel.health()).toEqual({ state: 'degraded', detail: 'TIMEOUT' });
    g.world.client.emit('change_state', 'CONNECTED');
    expect(g.channel.health()).toEqual({ state: 'ready' });
  });

  it('kills the browser when destroying the client hangs', async () => {
    const world = new FakeWhatsApp();
    const g = await gateway({ world, settings: { destroyTimeoutMs: 100 } });
    const browser = fakeBrowser(g.profileDir);
    world.browserPid = browser.pid;
    world.destroyHangs = true;
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    const exited = new Promise((resolve) => browser.once('exit', (_code, signal) => resolve(signal)));
    await g.close();
    expect(await exited).toBe('SIGKILL');
  });
});

describe('whatsapp-web gateway: one owner per session', () => {
  it('lets only one of two processes run the session, and hands it over when the first stops', async () => {
    const first = await gateway();
    await first.channel.start(first.events);
    await until('first ready', () => state(first) === 'ready');

    const second = await gateway({ share: first });
    await second.channel.start(second.events);
    await until('second waiting', () => second.channel.health().detail === 'session_in_use');
    expect(second.channel.health()).toEqual({ state: 'disconnected', detail: 'session_in_use' });
    expect(second.world.clients).toHaveLength(0);

    await first.close();
    await until('second ready', () => state(second) === 'ready', 8_000);
    expect(second.world.clients).toHaveLength(1);
  });

  it('stops its client when the lease is taken away', async () => {
    const g = await gateway({ settings: { leaseTtlMs: 1_000, leaseRetryMs: 60_000 } });
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    await g.redis.set(`${g.testRedis.prefix}:wa:test:lease`, 'another-process', 'PX', 60_000);
    await until('stopped', () => g.channel.health().detail === 'session_in_use', 5_000);
    expect(g.world.clients[0]!.destroyed).toBe(true);
    expect(g.logText()).toContain('lease lost');
  });

  it('kills a browser left running on the profile before starting', async () => {
    const world = new FakeWhatsApp();
    const g = await gateway({ world });
    const leftover = fakeBrowser(g.profileDir);
    await symlink(`${hostname()}-${leftover.pid}`, join(g.profileDir, 'SingletonLock'));
    const exited = new Promise((resolve) => leftover.once('exit', (_code, signal) => resolve(signal)));
    await g.channel.start(g.events);
    expect(await exited).toBe('SIGKILL');
    await until('ready', () => state(g) === 'ready');
    await expect(readlink(join(g.profileDir, 'SingletonLock'))).rejects.toThrow();
    expect(g.logText()).toContain('"reaped":"killed"');
  });

  it('removes a stale lock from another host without killing anything', async () => {
    const g = await gateway();
    await symlink('another-host-12345', join(g.profileDir, 'SingletonLock'));
    await g.channel.start(g.events);
    await until('ready', () => state(g) === 'ready');
    expect(g.logText()).toContain('"reaped":"stale_lock_removed"');
  });
});
