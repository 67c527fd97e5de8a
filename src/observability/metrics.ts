import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A count by labels, as a query returns it. */
export type LabelledCount<L extends string> = { [K in L]: string } & { count: number };

/** Where the gauges read their values at each scrape; a process serves what its roles have. */
export interface MetricsSources {
  /** Job counts by state, per queue (BullMQ's `getJobCounts`). */
  queues?: Record<string, { getJobCounts(...states: string[]): Promise<Record<string, number>> }>;
  /** Messages of the last 24 hours by direction and status. */
  messages?: () => Promise<LabelledCount<'direction' | 'status'>[]>;
  /** Failed deliveries of the last 24 hours by the channel's error code. */
  deliveryFailures?: () => Promise<LabelledCount<'code'>[]>;
  /** Alerts nobody resolved yet, by urgency. */
  openAlerts?: () => Promise<LabelledCount<'urgency'>[]>;
  /** The channel's state, in a process holding it (`ready`, `qr_required`, …). */
  channelState?: () => string;
}

/** What workers report as jobs finish, for the histograms and counters. */
export interface JobObserver {
  /** A job finished (`completed` or `failed`) after running `durationMs`. */
  finished(queue: string, outcome: 'completed' | 'failed', durationMs: number): void;
  /** A job was found stalled (its worker died or blocked) and will run again. */
  stalled(queue: string): void;
  /** A delayed job (a check-in firing) started `latenessMs` after it was due. */
  late(queue: string, jobName: string, latenessMs: number): void;
}

/** The service's Prometheus metrics: one registry, the Node defaults, gauges read at scrape time. */
export interface ServiceMetrics {
  registry: Registry;
  jobs: JobObserver;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed', 'paused', 'waiting-children'] as const;
const CHANNEL_STATES = ['starting', 'ready', 'qr_required', 'degraded', 'disconnected'] as const;

/**
 * Builds the metrics of one process over `sources`. Gauges are read when Prometheus scrapes (a source
 * that fails leaves its gauge empty for that scrape, never the whole answer); counters and histograms
 * are fed by {@link ServiceMetrics.jobs}. Labels are queue names, states and codes: never ids or text.
 *
 * @example
 * const metrics = createMetrics({ queues: { inbound: queues.inbound } });
 * await metrics.registry.metrics(); // '# HELP acompana_queue_jobs …'
 */
export function createMetrics(sources: MetricsSources): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const settle = async (work: () => Promise<void>) => {
    await work().catch(() => undefined);
  };
  new Gauge({
    name: 'acompana_queue_jobs',
    help: 'Jobs in each queue by state (waiting, delayed, active, failed, …).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        Object.entries(sources.queues ?? {}).map(([queue, source]) =>
          settle(async () => {
            const counts = await source.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
          }),
        ),
      );
    },
  });
  const counted = <L extends string>(name: string, help: string, labels: L[], read?: () => Promise<LabelledCount<L>[]>) =>
    new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      async collect() {
        this.reset();
        if (!read) return;
        await settle(async () => {
          for (const row of await read()) {
            const values: Record<string, string> = {};
            for (const label of labels) values[label] = String(row[label]);
            this.set(values as Partial<Record<L, string>>, row.count);
          }
        });
      },
    });
  counted('acompana_messages_last_24h', 'Messages of the last 24 hours by direction (inbound, outbound) and status.', ['direction', 'status'], sources.messages);
  counted('acompana_delivery_failures_last_24h', 'Failed deliveries of the last 24 hours by the channel error code.', ['code'], sources.deliveryFailures);
  counted('acompana_open_alerts', 'Alerts not yet resolved, by urgency.', ['urgency'], sources.openAlerts);
  new Gauge({
    name: 'acompana_channel_state',
    help: 'The channel state of this process: 1 for the current state, 0 for the others.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      if (!sources.channelState) return;
      const current = sources.channelState();
      for (const state of CHANNEL_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });

  const durations = new Histogram({
    name: 'acompana_job_duration_seconds',
    help: 'How long jobs ran, per queue and outcome.',
    labelNames: ['queue', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const failed = new Counter({ name: 'acompana_jobs_failed_total', help: 'Job attempts that failed, per queue.', labelNames: ['queue'], registers: [registry] });
  const stalled = new Counter({ name: 'acompana_jobs_stalled_total', help: 'Jobs found stalled (worker died), per queue.', labelNames: ['queue'], registers: [registry] });
  const lateness = new Histogram({
    name: 'acompana_checkin_firing_lateness_seconds',
    help: 'How long after its due time a check-in (or other delayed job) started, per queue and job name.',
    labelNames: ['queue', 'job'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });

  return {
    registry,
    jobs: {
      finished(queue, outcome, durationMs) {
        durations.observe({ queue, outcome }, durationMs / 1000);
        if (outcome === 'failed') failed.inc({ queue });
      },
      stalled(queue) {
        stalled.inc({ queue });
      },
      late(queue, jobName, latenessMs) {
        lateness.observe({ queue, job: jobName }, Math.max(0, latenessMs) / 1000);
      },
    },
  };
}
