import { DAY_MS, UNFOLDED } from '../projection/schema.ts';
import { apiDailySql, bucketSql, vitalsDailySql } from '../projection/update-rollups.ts';
import type { AnalyticsDb } from './analytics-db.ts';

/** Each percentile rollup's live form (over its narrow table's rows) and that narrow table. */
const LIVE = {
  rollup_vitals_daily: { sql: vitalsDailySql, source: 'vital_reports' },
  rollup_api_daily: { sql: apiDailySql, source: 'api_calls' },
};

/**
 * The days a percentile rollup cannot answer yet: days still open (`rollup_pending_days`), and days with rows the
 * fold has not taken in (it runs apart from the appends: such a day's rollup row, if any, is short of them).
 */
const liveDays = (source: string) =>
  `(SELECT day FROM rollup_pending_days UNION SELECT ${bucketSql(DAY_MS)} FROM ${source} WHERE ${UNFOLDED})`;

/**
 * A percentile rollup's rows for the UTC days `[fromDay, toDay)` as SQL and its parameters: days that are over
 * from the table, days still open or not fully folded computed live from their own rows. One statement, so the
 * rollup and the live days come from one snapshot even when a fold commits meanwhile; the live days' time bounds
 * are scalar subqueries, which DuckDB turns into scan filters that skip every row group outside them.
 */
export async function dailyRollup(
  _db: AnalyticsDb,
  table: keyof typeof LIVE,
  fromDay: number,
  toDay: number,
): Promise<{ sql: string; values: number[] }> {
  const { sql, source } = LIVE[table];
  const live = `(SELECT day FROM ${liveDays(source)} WHERE day >= ${fromDay} AND day < ${toDay})`;
  const bounds = `ts >= (SELECT min(day) * ${DAY_MS} FROM ${live}) AND ts < (SELECT (max(day) + 1) * ${DAY_MS} FROM ${live})`;
  return {
    sql: `SELECT * FROM ${table} WHERE day >= ? AND day < ? AND day NOT IN ${liveDays(source)}
      UNION ALL SELECT * FROM (${sql(`${bounds} AND ${bucketSql(DAY_MS)} IN ${live}`)})`,
    values: [fromDay, toDay],
  };
}
