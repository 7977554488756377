import { ratio } from '../funnel.ts';
import { bucketSql } from '../projection/update-rollups.ts';
import { DAY_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { isoDate } from './sql-parts.ts';

/** An API performance read: a range, optionally one route template and/or method. */
export interface ApiPerformanceParams {
  since: number;
  until: number;
  route?: string;
  method?: string;
}

/** Timing of one route template and method (or of one day of it). */
interface ApiTiming {
  route: string;
  method: string;
  requests: number;
  /** Failed requests (status 0: no answer) and 4xx/5xx answers, over requests. */
  errorRate: number;
  /** Nearest-rank percentiles of the duration in ms, as the vitals p75 is. */
  p50: number;
  p95: number;
  p99: number;
}

/** What `GET /analytics/api-performance` answers. */
export interface ApiPerformanceAnswer {
  since: number;
  until: number;
  routes: (ApiTiming & { errors: number; requestsPerMinute: number })[];
  daily: (ApiTiming & { day: string })[];
}

const TIMING = `count(*) AS requests, count(*) FILTER (status = 0 OR status >= 400) AS errors,
  quantile_disc(duration, 0.5) AS p50, quantile_disc(duration, 0.95) AS p95, quantile_disc(duration, 0.99) AS p99`;

interface TimingRow {
  route: string;
  method: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

const timing = (row: TimingRow): ApiTiming => ({
  route: row.route,
  method: row.method,
  requests: row.requests,
  errorRate: ratio(row.errors, row.requests),
  p50: row.p50,
  p95: row.p95,
  p99: row.p99,
});

/**
 * `api` events (the widget's timings of the app's own API calls) by route template and method: requests, error
 * rate, throughput and p50/p95/p99 duration over the range, and the same per UTC day for the trend. Busiest first.
 */
export async function apiPerformanceQuery(
  db: AnalyticsDb,
  { since, until, route, method }: ApiPerformanceParams,
): Promise<ApiPerformanceAnswer> {
  const where = `ts >= ? AND ts < ?${route === undefined ? '' : ' AND route = ?'}${method === undefined ? '' : ' AND method = ?'}`;
  const values = [since, until, ...(route === undefined ? [] : [route]), ...(method === undefined ? [] : [method])];
  const group = "coalesce(route, '') AS route, coalesce(method, '') AS method";
  const totals = await db.all<TimingRow>(
    `SELECT ${group}, ${TIMING} FROM api_calls WHERE ${where} GROUP BY ALL ORDER BY requests DESC, route, method`,
    values,
  );
  const days = await db.all<TimingRow & { day: number }>(
    `SELECT ${bucketSql(DAY_MS)} AS day, ${group}, ${TIMING} FROM api_calls WHERE ${where} GROUP BY ALL ORDER BY day, route, method`,
    values,
  );
  const minutes = (until - since) / 60_000;
  return {
    since,
    until,
    routes: totals.map((row) => ({
      ...timing(row),
      errors: row.errors,
      requestsPerMinute: Math.round((row.requests / minutes) * 1000) / 1000,
    })),
    daily: days.map((row) => ({ day: isoDate(row.day * DAY_MS), ...timing(row) })),
  };
}
