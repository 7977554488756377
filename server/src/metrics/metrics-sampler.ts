import type { RequestMetrics } from '../request-metrics.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { createHealthHistory } from './health-history.ts';
import type { HealthScore } from './health-score.ts';
import type { IngestMeter } from './ingest-meter.ts';
import type { MetricValues } from './metric-catalogue.ts';
import type { MetricsRepository } from './metrics-repository.ts';
import type { NetworkMeter } from './network-meter.ts';
import type { ProcessProbe } from './process-probe.ts';
import { round } from './process-probe.ts';
import { databaseFigures, requestFigures } from './sample-figures.ts';

/** What the sampler reads from. */
export interface SamplerSources {
  db: SqlDatabase;
  repository: MetricsRepository;
  requests: RequestMetrics;
  ingest: IngestMeter;
  process: ProcessProbe;
  /** Set once the HTTP server listens. */
  network?: () => NetworkMeter | undefined;
  /** The data folder whose volume's free space counts (SQLite's file lives there). */
  dataDir?: string;
  /** This process's name in the stored rows (host:pid by default). */
  instance: string;
  now?: () => number;
  /** Monotonic clock for rates. */
  clock?: () => number;
}

/** Samples every interval into the database and keeps the latest values and health score in memory. */
export interface MetricsSampler {
  /** Takes one sample now and stores it. */
  sample(): Promise<MetricValues>;
  latest(): MetricValues;
  health(): HealthScore;
  start(intervalMs: number): void;
  stop(): void;
}

/** The sampler: every call to `sample` is one 10 s row per metric (a shorter interval in tests). */
export function createMetricsSampler(sources: SamplerSources): MetricsSampler {
  const { now = Date.now, clock = () => performance.now() } = sources;
  const nextInterval = intervalTimer(clock);
  const health = createHealthHistory();
  const store = sampleStore(sources.repository, sources.instance);
  let lastNetwork = sources.network?.()?.totals() ?? { in: 0, out: 0 };
  let latest: MetricValues = {};

  const sample = async (): Promise<MetricValues> => {
    const { elapsedMs, perSecond } = nextInterval();
    const interval = sources.requests.takeInterval();
    const network = sources.network?.()?.totals() ?? lastNetwork;
    const http = requestFigures(interval, perSecond);
    const values: MetricValues = {
      ...sources.process.read(),
      ...sources.ingest.take(elapsedMs),
      ...(await databaseFigures(sources.db, sources.dataDir)),
      network_in_bytes_per_second: perSecond(network.in - lastNetwork.in),
      network_out_bytes_per_second: perSecond(network.out - lastNetwork.out),
      ...http.values,
    };
    lastNetwork = network;
    values.health_score = health.add(http.counts, values).score;
    latest = values;
    await store(now(), values);
    return values;
  };

  return { sample, latest: () => latest, health: health.current, ...samplingTimer(sample, sources.process) };
}

/** Starting samples every interval, and stopping them and the process probe. */
function samplingTimer(sample: () => Promise<unknown>, probe: ProcessProbe): Pick<MetricsSampler, 'start' | 'stop'> {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    start(intervalMs) {
      timer = setInterval(
        () => void sample().catch((error: unknown) => console.error('[crm-insights] metrics sample failed', error)),
        intervalMs,
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      probe.stop();
    },
  };
}

/** Each call: the milliseconds since the previous one (at least 1, so no rate divides by zero) and rates over them. */
function intervalTimer(clock: () => number): () => { elapsedMs: number; perSecond: (count: number) => number } {
  let lastAt = clock();
  return () => {
    const at = clock();
    const elapsedMs = Math.max(at - lastAt, 1);
    lastAt = at;
    return { elapsedMs, perSecond: (count) => round(count / (elapsedMs / 1000)) };
  };
}

/** Stores each sample as `instance`, and purges expired rows with the first and then at most once an hour. */
function sampleStore(
  repository: MetricsRepository,
  instance: string,
): (time: number, values: MetricValues) => Promise<void> {
  let purgedAt = 0;
  return async (time, values) => {
    await repository.record(instance, time, values);
    if (time - purgedAt > 3_600_000) {
      purgedAt = time;
      await repository.purge(time);
    }
  };
}
