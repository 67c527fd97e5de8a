import type { Logger } from 'pino';
import type { ChannelHealth } from '../../app/ports.js';
import { killBrowser, reapLeftoverBrowser } from './browser-reaper.js';
import type { WaClient, WaClientFactory } from './client.js';
import { classifyStartupError, isTransient, restartDelay, type FailureClass } from './failure.js';
import type { SessionLease } from './session-lease.js';

/** What the supervisor needs. */
export interface SupervisorOptions {
  /** Builds a new whatsapp-web.js client; called for every (re)start. */
  factory: WaClientFactory;
  /** The session lease; its `onLost` must call {@link ClientSupervisor.leaseLost}. */
  lease: SessionLease;
  /** Chromium's profile folder of the session (`<WA_SESSION_DIR>/session-<WA_CLIENT_ID>`, absolute). */
  profileDir: string;
  /** How long a start may take to show a QR code or become ready (again after `authenticated`). */
  startupDeadlineMs: number;
  /** Longest wait between two rebuilds. */
  restartMaxDelayMs: number;
  /** Failures in a row after which a failure that waiting cannot fix stops the rebuilds. */
  maxRestarts: number;
  /** How long to wait before asking again for a lease another process holds. */
  leaseRetryMs?: number;
  /** How long `destroy()` may take before the browser is killed. */
  destroyTimeoutMs?: number;
  log: Logger;
  /** Wires the message listeners on a new client. */
  attach(client: WaClient): void;
  /** The client became ready (also after a page navigation): catch up on what was missed. */
  onReady(client: WaClient): void;
  /** The state changed; `qr` is set while a phone must be linked. */
  onStatus(health: ChannelHealth, qr?: string): void;
  random?: () => number;
}

/**
 * Keeps one whatsapp-web.js client running for the session. Each start holds the Redis lease, kills a
 * browser left on the profile, builds a new client (the library asks for a new one after a
 * disconnection) and gives it `startupDeadlineMs` to show a QR code or become ready (its own page load
 * has no timeout). When the client fails or is disconnected it is destroyed (its browser killed if
 * destroying hangs) and rebuilt after a doubling, capped, randomized wait; a failure that waiting
 * cannot fix (Chromium missing, session refused) stops the rebuilds after `maxRestarts` in a row.
 *
 * Health: `starting` → `qr_required` (a phone must be linked) → `ready`; `degraded` while a ready
 * client's connection is not `CONNECTED`; `disconnected` between clients, when another process holds
 * the session, or after giving up (detail `gave_up:<failure>`).
 */
export class ClientSupervisor {
  private state: ChannelHealth = { state: 'starting' };
  private ready: WaClient | null = null;
  private endCurrent: ((failure: FailureClass | null) => void) | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: SupervisorOptions) {}

  /** The current state, for `/healthz`. */
  health(): ChannelHealth {
    return { ...this.state };
  }

  /** The client, when it is ready to send. */
  readyClient(): WaClient | null {
    return this.ready;
  }

  /** Starts keeping a client running; returns at once. */
  start(): void {
    this.running ??= this.loop().catch((error: unknown) => {
      this.options.log.error({ err: { name: (error as Error).name } }, 'WhatsApp supervisor stopped unexpectedly');
      this.setState({ state: 'disconnected', detail: 'supervisor_failed' });
    });
  }

  /** The lease was lost: stop the client now (another process may be starting one). */
  leaseLost(): void {
    this.options.log.error('WhatsApp session lease lost: stopping the client');
    this.endCurrent?.('lease_lost');
  }

  /** Stops the client and the rebuilds, and gives up the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.endCurrent?.(null);
    this.wake?.();
    await this.running;
    await this.options.lease.release();
    this.setState({ state: 'disconnected', detail: 'stopped' });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      if (!this.options.lease.held) {
        const acquired = await this.options.lease.acquire().catch(() => null);
        if (!acquired) {
          this.setState({ state: 'disconnected', detail: acquired === null ? 'lease_unavailable' : 'session_in_use' });
          await this.pause(this.options.leaseRetryMs ?? 10_000);
          continue;
        }
      }
      this.setState({ state: 'starting' });
      const { failure, cameUp } = await this.runOnce();
      if (this.stopped || failure === null) return;
      failures = cameUp ? 1 : failures + 1;
      if (!isTransient(failure) && failures >= this.options.maxRestarts) {
        this.options.log.error({ failure, failures }, 'WhatsApp client keeps failing: rebuilds stopped until the service restarts');
        this.setState({ state: 'disconnected', detail: `gave_up:${failure}` });
        return;
      }
      const delay = restartDelay(failures, this.options.restartMaxDelayMs, this.options.random);
      this.options.log.warn({ failure, failures, delayMs: delay }, 'WhatsApp client stopped: rebuilding');
      this.setState({ state: 'disconnected', detail: failure });
      await this.pause(delay);
    }
  }

  /** Runs one client until it fails (its failure), or until stopped (null). */
  private async runOnce(): Promise<{ failure: FailureClass | null; cameUp: boolean }> {
    const { log, profileDir, startupDeadlineMs } = this.options;
    const reaped = await reapLeftoverBrowser(profileDir).catch(() => 'none' as const);
    if (reaped !== 'none') log.warn({ reaped }, 'a browser left on the WhatsApp session was cleared');

    let settle!: (failure: FailureClass | null) => void;
    const ended = new Promise<FailureClass | null>((resolve) => (settle = resolve));
    let done = false;
    const end = (failure: FailureClass | null) => {
      if (done) return;
      done = true;
      settle(failure);
    };
    this.endCurrent = end;
    let cameUp = false;
    let deadline: NodeJS.Timeout | undefined;
    const armDeadline = () => {
      clearTimeout(deadline);
      deadline = setTimeout(() => end('deadline'), startupDeadlineMs);
    };

    let client: WaClient;
    try {
      client = this.options.factory();
    } catch (error) {
      log.error({ err: { name: (error as Error).name } }, 'WhatsApp client could not be built');
      return { failure: 'browser_launch', cameUp };
    }
    client.on('qr', (qr: string) => {
      clearTimeout(deadline);
      cameUp = true;
      this.ready = null;
      this.setState({ state: 'qr_required' }, qr);
    });
    client.on('authenticated', () => {
      armDeadline();
      this.setState({ state: 'starting', detail: 'authenticated' });
    });
    client.on('auth_failure', () => end('auth_failure'));
    client.on('ready', () => {
      clearTimeout(deadline);
      cameUp = true;
      const first = this.ready !== client;
      this.ready = client;
      this.setState({ state: 'ready' });
      if (first) log.info('WhatsApp client ready');
      this.options.onReady(client);
    });
    client.on('change_state', (state: unknown) => {
      if (this.ready !== client) return;
      this.setState(state === 'CONNECTED' ? { state: 'ready' } : { state: 'degraded', detail: String(state).slice(0, 32) });
    });
    client.on('disconnected', (reason: unknown) => {
      log.warn({ reason: String(reason).slice(0, 32) }, 'WhatsApp disconnected the client');
      end('disconnected');
    });
    this.options.attach(client);

    armDeadline();
    client.initialize().catch((error: unknown) => {
      const failure = classifyStartupError(error);
      log.warn({ failure }, 'WhatsApp client failed to start');
      end(failure);
    });

    const failure = await ended;
    clearTimeout(deadline);
    this.endCurrent = null;
    this.ready = null;
    await this.dispose(client);
    return { failure, cameUp };
  }

  /** Destroys a client, killing its browser if destroying fails or hangs. */
  private async dispose(client: WaClient): Promise<void> {
    const pid = browserPid(client);
    client.removeAllListeners();
    client.on('error', () => undefined);
    await withTimeout(client.destroy(), this.options.destroyTimeoutMs ?? 10_000).catch(() => undefined);
    killBrowser(pid ?? browserPid(client));
  }

  private setState(state: ChannelHealth, qr?: string): void {
    this.state = state;
    this.options.onStatus(state, qr);
  }

  /** Waits `ms`, or less if stopped. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function browserPid(client: WaClient): number | undefined {
  try {
    return client.pupBrowser?.process()?.pid;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
