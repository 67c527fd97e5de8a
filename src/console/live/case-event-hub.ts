import type { FastifyBaseLogger } from 'fastify';
import type { CaseEvent, CaseEventBus } from '../../app/ports.js';

/**
 * Fans the case events out to every open live stream of this process through one subscription to
 * the {@link CaseEventBus} (Redis pub/sub needs a connection per subscription), opened with the first
 * stream and closed with the server.
 */
export class CaseEventHub {
  private readonly listeners = new Set<(event: CaseEvent) => void>();
  private subscribed: Promise<() => Promise<void>> | null = null;

  constructor(
    private readonly bus: CaseEventBus,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Calls `listener` for every event from now on; resolves once subscribed, with a function that stops it. */
  async listen(listener: (event: CaseEvent) => void): Promise<() => void> {
    this.listeners.add(listener);
    try {
      this.subscribed ??= this.bus.subscribe((event) => this.deliver(event));
      await this.subscribed;
    } catch (error) {
      this.subscribed = null;
      this.listeners.delete(listener);
      throw error;
    }
    return () => this.listeners.delete(listener);
  }

  /** Drops the subscription. */
  async close(): Promise<void> {
    const subscribed = this.subscribed;
    this.subscribed = null;
    this.listeners.clear();
    if (subscribed) await (await subscribed.catch(() => async () => {}))();
  }

  private deliver(event: CaseEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: { name: (error as Error).name } }, 'live listener failed');
      }
    }
  }
}
