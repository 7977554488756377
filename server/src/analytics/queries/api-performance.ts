import { ratio } from '../funnel.ts';
import { apiDailySql, bucketSql } from '../projection/update-rollups.ts';
import { dailyRollup } from './daily-rollup.ts';
import { DAY_MS, UNFOLDED } from '../projection/schema.ts';
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
 * Each (day, route, method, duration) with its requests and errors over [since, until): whole UTC days from
 * `rollup_api_durations_daily` (and the timings it has not folded in yet), the range's partial first and last days from `api_calls`. A route or method filter
 * reads `api_calls` alone (one route's timings are few, and the rollup keeps no NULL route apart from '').
 */
function weightedSql({ since, until, route, method }: ApiPerformanceParams): { sql: string; values: unknown[] } {
  const raw = (where: string) =>
    `SELECT ${bucketSql(DAY_MS)} AS day, coalesce(route, '') AS route, coalesce(method, '') AS method, duration, 1 AS requests,
      CAST(coalesce(status = 0 OR status >= 400, false) AS INTEGER) AS errors FROM api_calls WHERE ${where}`;
  if (route !== undefined || method !== undefined) {
    const filters = `${route === undefined ? '' : ' AND route = ?'}${method === undefined ? '' : ' AND method = ?'}`;
    return {
      sql: raw(`ts >= ? AND ts < ?${filters}`),
      values: [since, until, ...(route === undefined ? [] : [route]), ...(method === undefined ? [] : [method])],
    };
  }
  const [first, end] = [Math.ceil(since / DAY_MS), Math.floor(until / DAY_MS)];
  if (first >= end) return { sql: raw('ts >= ? AND ts < ?'), values: [since, until] };
  return {
    sql: `SELECT day, route, method, duration, requests, errors FROM rollup_api_durations_daily WHERE day >= ? AND day < ?
      UNION ALL ${raw(`${UNFOLDED} AND ts >= ? AND ts < ?`)} UNION ALL ${raw('ts >= ? AND ts < ?')} UNION ALL ${raw('ts >= ? AND ts < ?')}`,
    values: [first, end, first * DAY_MS, end * DAY_MS, since, first * DAY_MS, end * DAY_MS, until],
  };
}

/**
 * Requests, errors and nearest-rank p50/p95/p99 per `group` from weighted durations: a percentile is the least
 * duration whose running count reaches rank max(1, n - floor(n - n·q)), the index DuckDB's `quantile_disc` takes
 * (the same values as `quantile_disc` over the single timings, which the tests check).
 */
export function timingSql(weighted: string, group: string): string {
  const rank = (q: number) => `min(duration) FILTER (upto >= greatest(1, n - floor(n - n * ${q}::DOUBLE)))`;
  return `WITH merged AS (SELECT ${group}, duration, sum(requests) AS requests, sum(errors) AS errors FROM (${weighted}) GROUP BY ALL),
    running AS (SELECT *, sum(requests) OVER (PARTITION BY ${group} ORDER BY duration ROWS UNBOUNDED PRECEDING) AS upto,
      sum(requests) OVER (PARTITION BY ${group}) AS n FROM merged)
    SELECT ${group}, sum(requests) AS requests, sum(errors) AS errors, ${rank(0.5)} AS p50, ${rank(0.95)} AS p95, ${rank(0.99)} AS p99
    FROM running GROUP BY ALL`;
}

/**
 * `api` events (the widget's timings of the app's own API calls) by route template and method: requests, error
 * rate, throughput and p50/p95/p99 duration over the range, and the same per UTC day for the trend. Busiest first.
 */
export async function apiPerformanceQuery(
  db: AnalyticsDb,
  params: ApiPerformanceParams,
): Promise<ApiPerformanceAnswer> {
  const { since, until } = params;
  const weighted = weightedSql(params);
  const totals = await db.all<TimingRow>(
    `${timingSql(weighted.sql, 'route, method')} ORDER BY requests DESC, route, method`,
    weighted.values,
  );
  const daily = await dailySql(db, params, weighted);
  const days = await db.all<TimingRow & { day: number }>(`${daily.sql} ORDER BY day, route, method`, daily.values);
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

/**
 * The per-day rows: whole days from `rollup_api_daily` (exact percentiles of each day that is over, open days
 * live), the range's partial first and last days from `api_calls`; with a filter, all from the weighted rows.
 */
async function dailySql(
  db: AnalyticsDb,
  { since, until, route, method }: ApiPerformanceParams,
  weighted: { sql: string; values: unknown[] },
): Promise<{ sql: string; values: unknown[] }> {
  const [first, end] = [Math.ceil(since / DAY_MS), Math.floor(until / DAY_MS)];
  if (route !== undefined || method !== undefined || first >= end)
    return { sql: timingSql(weighted.sql, 'day, route, method'), values: weighted.values };
  const whole = await dailyRollup(db, 'rollup_api_daily', first, end);
  const columns = 'day, route, method, requests, errors, p50, p95, p99';
  return {
    sql: `SELECT ${columns} FROM (${whole.sql}) UNION ALL SELECT ${columns} FROM (${apiDailySql('ts >= ? AND ts < ?')})
      UNION ALL SELECT ${columns} FROM (${apiDailySql('ts >= ? AND ts < ?')})`,
    values: [...whole.values, since, first * DAY_MS, end * DAY_MS, until],
  };
}
