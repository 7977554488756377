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
  .map(([metric, [good, poor]]) => `WHEN metric = '${metric}' THEN CASE WHEN value <= ${good} THEN 'good' WHEN value <= ${poor} THEN 'needs-improvement' ELSE 'poor' END`)
  .join(' ')} ELSE 'good' END)`;

/**
 * The last report (in record order, as the vitals read model kept it) of each web-vitals metric id: its metric,
 * value, time and session, plus `extra` columns.
 */
export function latestVitalsSql(extra: string): string {
  return `SELECT metric_id, arg_max(name, seq) AS metric, arg_max(value, seq) AS value, arg_max(ts, seq) AS ts, arg_max(session_id, seq) AS session_id, ${extra}
    FROM events WHERE metric_id IS NOT NULL GROUP BY metric_id`;
}

/**
 * The last report of each web-vitals metric id (in record order, as the vitals read model kept it), when that
 * report falls in the range; grouped by page (or route template) and metric: count, nearest-rank p75
 * (`quantile_disc` picks the value at rank ceil(0.75·n), the definition `percentile` uses) and rating counts.
 */
export async function vitalsQuery(db: AnalyticsDb, { since, until, path, groupBy = 'path' }: VitalsParams): Promise<{ since: number; until: number; vitals: VitalSummary[] }> {
  const key = groupBy === 'route' ? "coalesce(route, '')" : "coalesce(path, '')";
  const rows = await db.all<{ path: string; metric: string; count: number; p75: number; good: number; ni: number; poor: number }>(
    `WITH latest AS (${latestVitalsSql(`arg_max(${key}, seq) AS path, arg_max_null(path, seq) AS raw_path, arg_max_null(rating, seq) AS rating`)}),
     rated AS (SELECT path, metric, value, ${RATING_SQL} AS rated FROM latest WHERE ts >= ? AND ts < ?${path === undefined ? '' : " AND coalesce(raw_path, '') = ?"})
     SELECT path, metric, count(*) AS count, quantile_disc(value, 0.75) AS p75, count(*) FILTER (rated = 'good') AS good,
            count(*) FILTER (rated = 'needs-improvement') AS ni, count(*) FILTER (rated = 'poor') AS poor
     FROM rated GROUP BY ALL`,
    path === undefined ? [since, until] : [since, until, path],
  );
  const vitals = rows
    .map((row) => ({ path: row.path, metric: row.metric, count: row.count, p75: row.p75, good: ratio(row.good, row.count), needsImprovement: ratio(row.ni, row.count), poor: ratio(row.poor, row.count) }))
    .sort((a, b) => byLocale(a.path, b.path) || byLocale(a.metric, b.metric));
  return { since, until, vitals };
}
