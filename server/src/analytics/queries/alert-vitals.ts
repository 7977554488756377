import type { AnalyticsDb } from './analytics-db.ts';

/** One web-vitals metric over an alert window. */
export interface AlertVitalsParams {
  metric: string;
  since: number;
  until: number;
}

/**
 * A metric's nearest-rank p75 and sample count per route template (`/contacts/:id`, not each contact's page) in the
 * window, from `vitals_latest` (the last report of each metric id, as the vitals read counts them).
 */
export async function alertVitalsQuery(
  db: AnalyticsDb,
  { metric, since, until }: AlertVitalsParams,
): Promise<{ route: string; p75: number; count: number }[]> {
  return db.all<{ route: string; p75: number; count: number }>(
    `SELECT coalesce(route, '') AS route, quantile_disc(value, 0.75) AS p75, count(*) AS count
     FROM vitals_latest WHERE metric = ? AND ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1`,
    [metric, since, until],
  );
}
