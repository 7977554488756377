import { ratio } from '../funnel.ts';
import { CURRENT_VITALS } from '../projection/update-rollups.ts';
import { VITAL_THRESHOLDS } from '../vitals-summary.ts';
import type { VitalSummary } from '../vitals-summary.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { byLocale } from './sql-parts.ts';

/**
 * A vitals read: a time range, an optional page (exact path) or route template, whether to group by page path or
 * route template, and at most how many pages a path breakdown keeps (the most measured ones).
 */
export interface VitalsParams {
  since: number;
  until: number;
  path?: string;
  route?: string;
  groupBy?: 'path' | 'route';
  limit?: number;
}

/** What the vitals read answers; `pagesLeftOut`: pages past `limit` (none when no limit was given). */
export interface VitalsAnswer {
  since: number;
  until: number;
  vitals: VitalSummary[];
  pagesLeftOut?: number;
}

/** `rateVital` as SQL: a value without a rating is rated by the metric's thresholds; an unknown metric is good. */
const RATING_SQL = `coalesce(rating, CASE ${Object.entries(VITAL_THRESHOLDS)
  .map(
    ([metric, [good, poor]]) =>
      `WHEN metric = '${metric}' THEN CASE WHEN value <= ${good} THEN 'good' WHEN value <= ${poor} THEN 'needs-improvement' ELSE 'poor' END`,
  )
  .join(' ')} ELSE 'good' END)`;

/**
 * The last report of each web-vitals metric id (in record order, as the vitals read model kept it: the
 * `vitals_latest` rollup), when that report falls in the range; grouped by page (or route template) and metric: count, nearest-rank p75
 * (`quantile_disc` picks the value at rank ceil(0.75·n), the definition `percentile` uses) and rating counts.
 * With a `limit`, only the `limit` pages with the most reports are kept (ties by name), so an answer stays small.
 */
export async function vitalsQuery(
  db: AnalyticsDb,
  { since, until, path, route, groupBy = 'path', limit }: VitalsParams,
): Promise<VitalsAnswer> {
  const key = groupBy === 'route' ? "coalesce(route, '')" : "coalesce(path, '')";
  const filters = [
    ...(path === undefined ? [] : [["coalesce(path, '') = ?", path]]),
    ...(route === undefined ? [] : [["coalesce(route, '') = ?", route]]),
  ] as [string, string][];
  const where = ['ts >= ?', 'ts < ?', ...filters.map(([clause]) => clause)].join(' AND ');
  const values = [since, until, ...filters.map(([, value]) => value)];
  const kept =
    limit === undefined
      ? ''
      : 'WHERE page IN (SELECT page FROM (SELECT page, count(*) AS n FROM rated GROUP BY page ORDER BY n DESC, page LIMIT ?))';
  const rows = await db.all<{
    page: string;
    metric: string;
    count: number;
    p75: number;
    good: number;
    ni: number;
    poor: number;
  }>(
    `WITH rated AS (SELECT ${key} AS page, metric, value, ${RATING_SQL} AS rated FROM ${CURRENT_VITALS} WHERE ${where})
     SELECT page, metric, count(*) AS count, quantile_disc(value, 0.75) AS p75, count(*) FILTER (rated = 'good') AS good,
            count(*) FILTER (rated = 'needs-improvement') AS ni, count(*) FILTER (rated = 'poor') AS poor
     FROM rated ${kept} GROUP BY ALL`,
    limit === undefined ? values : [...values, limit],
  );
  const vitals = rows
    .map((row) => ({
      path: row.page,
      metric: row.metric,
      count: row.count,
      p75: row.p75,
      good: ratio(row.good, row.count),
      needsImprovement: ratio(row.ni, row.count),
      poor: ratio(row.poor, row.count),
    }))
    .sort((a, b) => byLocale(a.path, b.path) || byLocale(a.metric, b.metric));
  if (limit === undefined) return { since, until, vitals };
  const [pages] = await db.all<{ n: number }>(
    `SELECT count(DISTINCT ${key}) AS n FROM ${CURRENT_VITALS} WHERE ${where}`,
    values,
  );
  return { since, until, vitals, pagesLeftOut: Math.max(0, (pages?.n ?? 0) - new Set(vitals.map((v) => v.path)).size) };
}
