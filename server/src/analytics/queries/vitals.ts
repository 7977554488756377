import { ratio } from '../funnel.ts';
import { VITAL_THRESHOLDS } from '../vitals-summary.ts';
import type { VitalSummary } from '../vitals-summary.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { byLocale } from './sql-parts.ts';

/** A vitals read: a time range, an optional page (exact path), and whether to group by page path or route template. */
export interface VitalsParams {
  since: number;
  until: number;
  path?: string;
  groupBy?: 'path' | 'route';
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
 */
export async function vitalsQuery(
  db: AnalyticsDb,
  { since, until, path, groupBy = 'path' }: VitalsParams,
): Promise<{ since: number; until: number; vitals: VitalSummary[] }> {
  const key = groupBy === 'route' ? "coalesce(route, '')" : "coalesce(path, '')";
  const rows = await db.all<{
    page: string;
    metric: string;
    count: number;
    p75: number;
    good: number;
    ni: number;
    poor: number;
  }>(
    `WITH rated AS (SELECT ${key} AS page, metric, value, ${RATING_SQL} AS rated FROM vitals_latest WHERE ts >= ? AND ts < ?${path === undefined ? '' : " AND coalesce(path, '') = ?"})
     SELECT page, metric, count(*) AS count, quantile_disc(value, 0.75) AS p75, count(*) FILTER (rated = 'good') AS good,
            count(*) FILTER (rated = 'needs-improvement') AS ni, count(*) FILTER (rated = 'poor') AS poor
     FROM rated GROUP BY ALL`,
    path === undefined ? [since, until] : [since, until, path],
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
  return { since, until, vitals };
}
