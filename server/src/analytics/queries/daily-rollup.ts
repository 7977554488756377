import { DAY_MS } from '../projection/schema.ts';
import { apiDailySql, bucketSql, vitalsDailySql } from '../projection/update-rollups.ts';

const LIVE = {
  rollup_vitals_daily: vitalsDailySql,
  rollup_api_daily: apiDailySql,
};

/**
 * A percentile rollup's rows for days `[?, ?)`: days that are over from the table, days still open computed live
 * from their own events (the time bounds let DuckDB skip every other row group). Parameters: first day, end day,
 * then the same two in epoch ms: use `dailyRollupValues`.
 */
export function dailyRollupSql(table: keyof typeof LIVE): string {
  return `SELECT * FROM ${table} WHERE day >= ? AND day < ? AND day NOT IN (SELECT day FROM rollup_pending_days)
    UNION ALL SELECT * FROM (${LIVE[table](`ts >= ? AND ts < ? AND ${bucketSql(DAY_MS)} IN (SELECT day FROM rollup_pending_days)`)})`;
}

/** The parameters of `dailyRollupSql` for the UTC days `[fromDay, toDay)`. */
export function dailyRollupValues(fromDay: number, toDay: number): number[] {
  return [fromDay, toDay, fromDay * DAY_MS, toDay * DAY_MS];
}
