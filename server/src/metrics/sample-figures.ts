import { statfs } from 'node:fs/promises';
import { percentile } from '../analytics/vitals-summary.ts';
import type { RequestInterval, RouteFigures } from '../request-metrics.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import type { RequestCounts } from './health-history.ts';
import { routeMetricName } from './metric-catalogue.ts';
import type { MetricValues } from './metric-catalogue.ts';
import { round } from './process-probe.ts';

const INGEST_ROUTES = new Set(['POST /api/analytics/events', 'POST /api/errors']);

/** Request rates and latencies of one interval, all routes and per route, plus the counts the health score keeps. */
export function requestFigures(
  interval: RequestInterval,
  perSecond: (count: number) => number,
): { values: MetricValues; counts: RequestCounts } {
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

/** Database size, pool use and the data volume's free space. */
export async function databaseFigures(db: SqlDatabase, dataDir: string | undefined): Promise<MetricValues> {
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
