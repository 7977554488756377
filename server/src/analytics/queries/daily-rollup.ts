import { DAY_MS } from '../projection/schema.ts';
import { apiDailySql, bucketSql, vitalsDailySql } from '../projection/update-rollups.ts';
import type { AnalyticsDb } from './analytics-db.ts';

const LIVE = {
  rollup_vitals_daily: vitalsDailySql,
  rollup_api_daily: apiDailySql,
};

/**
 * A percentile rollup's rows for the UTC days `[fromDay, toDay)` as SQL and its parameters: days that are over
 * from the table, days still open computed live from their own events. The open days' time bounds are looked up
 * first and passed as plain numbers, so DuckDB skips every row group outside them.
 */
export async function dailyRollup(
  db: AnalyticsDb,
  table: keyof typeof LIVE,
  fromDay: number,
  toDay: number,
): Promise<{ sql: string; values: number[] }> {
  const [open] = await db.all<{ first: number | null; last: number | null }>(
    'SELECT min(day) AS first, max(day) AS last FROM rollup_pending_days WHERE day >= ? AND day < ?',
    [fromDay, toDay],
  );
  const bounds =
    open?.first === null || open?.first === undefined ? [0, 0] : [open.first * DAY_MS, (open.last! + 1) * DAY_MS];
  return {
    sql: `SELECT * FROM ${table} WHERE day >= ? AND day < ? AND day NOT IN (SELECT day FROM rollup_pending_days)
      UNION ALL SELECT * FROM (${LIVE[table](`ts >= ? AND ts < ? AND ${bucketSql(DAY_MS)} IN (SELECT day FROM rollup_pending_days)`)})`,
    values: [fromDay, toDay, ...bounds],
  };
}
