import { statfs } from 'node:fs/promises';
import { percentile } from '../analytics/vitals-summary.ts';
import type { RequestInterval, RequestMetrics, RouteFigures } from '../request-metrics.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { healthScore } from './health-score.ts';
import type { HealthScore } from './health-score.ts';
import type { IngestMeter } from './ingest-meter.ts';
import { routeMetricName } from './metric-catalogue.ts';
import type { MetricValues } from './metric-catalogue.ts';
import type { MetricsRepository } from './metrics-repository.ts';
import type { NetworkMeter } from './network-meter.ts';
import type { ProcessProbe } from './process-probe.ts';
import { round } from './process-probe.ts';

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

const INGEST_ROUTES = new Set(['POST /api/analytics/events', 'POST /api/errors']);
/** Request counts kept for the health score: one entry per sample, an hour of 10 s samples. */
const HISTORY = 360;

/** The sampler: every call to `sample` is one 10 s row per metric (a shorter interval in tests). */
export function createMetricsSampler(sources: SamplerSources): MetricsSampler {
  const { now = Date.now, clock = () => performance.now() } = sources;
  let latest: MetricValues = {};
  let lastAt = clock();
  let lastNetwork = sources.network?.()?.totals() ?? { in: 0, out: 0 };
  const history: { requests: number; failed: number; ingest: number; ingestFailed: number }[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let purgedAt = 0;
  let health = healthScore({ latest, ingest: { requests: 0, failed: 0 }, hour: { requests: 0, failed: 0 } });

  const sample = async (): Promise<MetricValues> => {
    const at = clock();
    const elapsedMs = Math.max(at - lastAt, 1);
    lastAt = at;
    const perSecond = (count: number) => round(count / (elapsedMs / 1000));
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
    history.push(http.counts);
    if (history.length > HISTORY) history.shift();
    health = healthScore({
      latest: values,
      ingest: sumHistory(history.slice(-30), 'ingest'),
      hour: sumHistory(history, 'all'),
    });
    values.health_score = health.score;
    latest = values;
    const time = now();
    await sources.repository.record(sources.instance, time, values);
    if (time - purgedAt > 3_600_000) {
      purgedAt = time;
      await sources.repository.purge(time);
    }
    return values;
  };

  return {
    sample,
    latest: () => latest,
    health: () => health,
    start(intervalMs) {
      timer = setInterval(
        () => void sample().catch((error: unknown) => console.error('[crm-insights] metrics sample failed', error)),
        intervalMs,
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      sources.process.stop();
    },
  };
}

/** Request rates and latencies of one interval, all routes and per route, plus the counts the health score keeps. */
function requestFigures(interval: RequestInterval, perSecond: (count: number) => number) {
  const ingest = [...interval.routes].filter(([route]) => INGEST_ROUTES.has(route)).map(([, figures]) => figures);
  const ingestSum = (pick: (figures: RouteFigures) => number) =>
    ingest.reduce((sum, figures) => sum + pick(figures), 0);
  const values: MetricValues = {
    http_requests_per_second: perSecond(interval.all.requests),
    http_latency_p50_ms: round(percentile(interval.all.latencies, 50)),
    http_latency_p99_ms: round(percentile(interval.all.latencies, 99)),
    http_5xx_per_second: perSecond(interval.all.errors5xx),
    http_429_per_second: perSecond(interval.all.rateLimited),
    ingest_requests_per_second: perSecond(ingestSum((figures) => figures.requests)),
    ingest_5xx_per_second: perSecond(ingestSum((figures) => figures.errors5xx)),
    ingest_429_per_second: perSecond(ingestSum((figures) => figures.rateLimited)),
  };
  for (const [route, figures] of interval.routes) {
    values[routeMetricName(route, 'requests_per_second')] = perSecond(figures.requests);
    values[routeMetricName(route, 'p99_ms')] = round(percentile(figures.latencies, 99));
    values[routeMetricName(route, 'errors_per_second')] = perSecond(figures.errors5xx);
  }
  const counts = {
    requests: interval.all.requests,
    failed: interval.all.errors5xx,
    ingest: ingestSum((figures) => figures.requests),
    ingestFailed: ingestSum((figures) => figures.errors5xx),
  };
  return { values, counts };
}

function sumHistory(
  rows: readonly { requests: number; failed: number; ingest: number; ingestFailed: number }[],
  which: 'ingest' | 'all',
) {
  let requests = 0;
  let failed = 0;
  for (const row of rows) {
    requests += which === 'ingest' ? row.ingest : row.requests;
    failed += which === 'ingest' ? row.ingestFailed : row.failed;
  }
  return { requests, failed };
}

/** Database size, pool use and the data volume's free space. */
async function databaseFigures(db: SqlDatabase, dataDir: string | undefined): Promise<MetricValues> {
  const size =
    db.dialect === 'sqlite'
      ? await db.get<{ bytes: number }>(
          'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
        )
      : await db.get<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes');
  const pool = db.poolStats?.() ?? { inUse: 0, waiting: 0 };
  const values: MetricValues = {
    db_size_mb: round((size?.bytes ?? 0) / 1048576),
    db_pool_in_use: pool.inUse,
    db_pool_waiting: pool.waiting,
  };
  if (dataDir) {
    const disk = await statfs(dataDir).catch(() => undefined);
    if (disk && disk.blocks > 0) values.disk_free_percent = round((disk.bavail / disk.blocks) * 100);
  }
  return values;
}
