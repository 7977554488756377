import type { ErrorStatusRow } from '../error-groups.ts';
import { MINUTE_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { bucketRange } from './bucket-range.ts';

/** An alert window over error groups and the baseline before it; `resolved` are the owners' resolutions (from the record). */
export interface AlertErrorsParams {
  windowStart: number;
  baselineStart: number;
  until: number;
  resolved: readonly ErrorStatusRow[];
}

/** One fingerprint's occurrences in the window and in its baseline, and whether it came back after being resolved. */
export interface AlertErrorGroup {
  fingerprint: string;
  message: string;
  count: number;
  baselineCount: number;
  regressed: boolean;
}

/**
 * Error occurrences (folded repeats counted) per fingerprint in the window and in the baseline before it, from
 * the per-minute rollup: one row per minute and fingerprint, never the events. Windows are whole minutes.
 */
export async function alertErrorsQuery(
  db: AnalyticsDb,
  { windowStart, baselineStart, until, resolved }: AlertErrorsParams,
): Promise<AlertErrorGroup[]> {
  const [baselineMinute] = bucketRange(baselineStart, until, MINUTE_MS);
  const [windowMinute, endMinute] = bucketRange(windowStart, until, MINUTE_MS);
  const rows = await db.all<{
    fingerprint: string;
    message: string | null;
    count: number;
    baseline: number;
    last_seen: number;
  }>(
    `SELECT fingerprint, nullif(max(message), '') AS message, coalesce(sum(occurrences) FILTER (minute >= ?), 0) AS count,
            coalesce(sum(occurrences) FILTER (minute < ?), 0) AS baseline, max(last_ts) AS last_seen
     FROM rollup_errors_minutely WHERE minute >= ? AND minute < ? GROUP BY fingerprint HAVING count > 0`,
    [windowMinute, windowMinute, baselineMinute, endMinute],
  );
  const resolvedAt = new Map(
    resolved.filter((row) => row.status === 'resolved').map((row) => [row.fingerprint, row.statusChangedAt]),
  );
  return rows.map((row) => {
    const at = resolvedAt.get(row.fingerprint);
    return {
      fingerprint: row.fingerprint,
      message: row.message ?? row.fingerprint,
      count: row.count,
      baselineCount: row.baseline,
      regressed: at !== undefined && row.last_seen > at,
    };
  });
}
