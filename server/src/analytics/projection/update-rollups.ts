import type { DuckDBConnection } from '@duckdb/node-api';
import { FIRST_MONDAY_MS, WEEK_MS } from '../retention.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, NARROW_TABLES, UNFOLDED } from './schema.ts';

/** `floor((ts - offset) / size)` as a BIGINT bucket number (exact: the quotient never lands within an ulp of a whole number). */
export function bucketSql(size: number, offset = 0, column = 'ts'): string {
  return `CAST(floor((${column} - ${offset}) / ${size}) AS BIGINT)`;
}

const MINUTE = bucketSql(MINUTE_MS);
const HOUR = bucketSql(HOUR_MS);
const DAY = bucketSql(DAY_MS);
const WEEK = bucketSql(WEEK_MS, FIRST_MONDAY_MS);
const NEW_ROWS = 'seq > $from AND seq <= $to';

/** `INSERT` of a narrow table's slice of the `events` rows `where` selects. */
export function fillNarrowSql({ table, columns, where }: (typeof NARROW_TABLES)[number], rows: string): string {
  return `INSERT INTO ${table} SELECT ${columns} FROM events WHERE ${where} AND ${rows}`;
}

/** The new rows' slices copied into the narrow tables and `exposures`: appends of a few rows, read by seq range. */
const NARROW = [
  ...NARROW_TABLES.map((narrow) => fillNarrowSql(narrow, `(${NEW_ROWS})`)),
  `INSERT INTO exposures SELECT seq, id, ts, experiment, variation, unit, user_id, anonymous_id, overridden, forced, override_tag FROM events WHERE ${NEW_ROWS} AND type = 'exposure'`,
];

/** Requests and errors per UTC day, route, method and duration of the `api_calls` rows `where` selects, merged in. */
export function apiDurationsSql(where: string): string {
  return `INSERT INTO rollup_api_durations_daily SELECT ${DAY}, coalesce(route, ''), coalesce(method, ''), duration, count(*),
      count(*) FILTER (status = 0 OR status >= 400) FROM api_calls WHERE ${where} GROUP BY ALL
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, errors = errors + excluded.errors`;
}

/** Each metric id's last report among the `events` rows `where` selects, as `vitals_latest` holds it. */
function latestVitalsSql(where: string): string {
  return `SELECT metric_id, max(seq) AS seq, arg_max(ts, seq) AS ts, arg_max(name, seq) AS metric, arg_max(value, seq) AS value,
     arg_max_null(rating, seq) AS rating, arg_max_null(path, seq) AS path, arg_max_null(route, seq) AS route,
     arg_max(session_id, seq) AS session_id FROM events WHERE ${where} AND metric_id IS NOT NULL GROUP BY metric_id`;
}

/**
 * `vitals_latest` with the reports the fold has not taken in yet applied (what it will hold once it has): a
 * metric id reported again since is replaced by its newest report, as the fold does.
 */
export const CURRENT_VITALS = `(SELECT * FROM vitals_latest WHERE metric_id NOT IN (SELECT metric_id FROM events WHERE ${UNFOLDED} AND metric_id IS NOT NULL)
  UNION ALL ${latestVitalsSql(UNFOLDED)})`;

/** Sums of new rows merged into the additive rollups. */
const ADDITIVE = [
  apiDurationsSql(NEW_ROWS),
  `INSERT INTO rollup_events_hourly SELECT ${HOUR}, type, coalesce(name, ''), count(*) FROM events WHERE ${NEW_ROWS} GROUP BY ALL
   ON CONFLICT DO UPDATE SET events = events + excluded.events`,
  `INSERT INTO rollup_errors_hourly SELECT ${HOUR}, fingerprint, count(*), sum(error_count) FROM events WHERE ${NEW_ROWS} AND fingerprint IS NOT NULL GROUP BY ALL
   ON CONFLICT DO UPDATE SET events = events + excluded.events, occurrences = occurrences + excluded.occurrences`,
  `INSERT INTO rollup_errors_minutely SELECT ${MINUTE}, fingerprint, sum(error_count), max(message), max(ts) FROM events WHERE ${NEW_ROWS} AND fingerprint IS NOT NULL GROUP BY ALL
   ON CONFLICT DO UPDATE SET occurrences = occurrences + excluded.occurrences, message = greatest(message, excluded.message), last_ts = greatest(last_ts, excluded.last_ts)`,
  `INSERT INTO rollup_nps_hourly SELECT ${HOUR}, count(*), count(*) FILTER (score >= 9), count(*) FILTER (score <= 6) FROM events WHERE ${NEW_ROWS} AND score IS NOT NULL GROUP BY ALL
   ON CONFLICT DO UPDATE SET responses = responses + excluded.responses, promoters = promoters + excluded.promoters, detractors = detractors + excluded.detractors`,
  // Forced and overridden exposures are not the assignment's doing, so they do not count toward a sample ratio.
  `INSERT OR IGNORE INTO rollup_exposure_units_hourly SELECT DISTINCT ${HOUR}, experiment, coalesce(variation, ''), unit FROM events
   WHERE ${NEW_ROWS} AND type = 'exposure' AND experiment IS NOT NULL AND unit IS NOT NULL AND NOT coalesce(overridden, false) AND NOT coalesce(forced, false)`,
  `INSERT INTO rollup_revenue_daily SELECT ${DAY}, currency, count(*), sum(amount) FROM events WHERE ${NEW_ROWS} AND amount IS NOT NULL GROUP BY ALL
   ON CONFLICT DO UPDATE SET payments = payments + excluded.payments, amount = amount + excluded.amount`,
  `INSERT INTO rollup_nps_weekly SELECT ${WEEK}, survey_id, count(*), count(*) FILTER (score >= 9), count(*) FILTER (score <= 6)
   FROM events WHERE ${NEW_ROWS} AND score IS NOT NULL GROUP BY ALL
   ON CONFLICT DO UPDATE SET responses = responses + excluded.responses, promoters = promoters + excluded.promoters, detractors = detractors + excluded.detractors`,
  // arg_max skips NULLs: the last traits the person carried that day, kept when later rows carry none.
  `INSERT INTO rollup_actors_daily SELECT ${DAY}, coalesce(user_id, anonymous_id), arg_max(traits, seq) FROM events WHERE ${NEW_ROWS} GROUP BY ALL
   ON CONFLICT DO UPDATE SET traits = coalesce(excluded.traits, traits)`,
  `INSERT OR IGNORE INTO rollup_anonymous_weekly SELECT DISTINCT ${WEEK}, anonymous_id FROM events WHERE ${NEW_ROWS}`,
  `INSERT INTO rollup_actors_last_seen SELECT coalesce(user_id, anonymous_id), max(${DAY}) FROM events WHERE ${NEW_ROWS} GROUP BY ALL
   ON CONFLICT DO UPDATE SET day = greatest(day, excluded.day)`,
  // Batches arrive in record order, so a new row always supersedes the stored one: the stored rows of the batch's
  // metric ids are deleted and the batch's last reports inserted. An ON CONFLICT upsert did the same at 4 million
  // events in 300 ms a batch (most of the projector's time), the delete and insert in 50-80 ms.
  `DELETE FROM vitals_latest WHERE metric_id IN (SELECT metric_id FROM events WHERE ${NEW_ROWS} AND metric_id IS NOT NULL)`,
  `INSERT INTO vitals_latest ${latestVitalsSql(NEW_ROWS)}`,
];

/** How long the alert rollups that grow with time × keys are kept: the longest alert window (30 days), its day of baseline, and a day. */
export const ALERT_ROLLUP_KEEP_MS = 32 * DAY_MS;

/** The newest new row's bucket of `size`, minus the horizon in buckets: alert rollup rows before it are dropped. */
const horizon = (size: number) =>
  `(SELECT ${bucketSql(size, 0, 'max(ts)')} FROM events WHERE ${NEW_ROWS}) - ${ALERT_ROLLUP_KEEP_MS / size}`;

/** Keeps the per-minute errors and the per-hour exposed units to their horizon (the hourly error rollup keeps the history). */
const PRUNE = [
  `DELETE FROM rollup_errors_minutely WHERE minute < ${horizon(MINUTE_MS)}`,
  `DELETE FROM rollup_exposure_units_hourly WHERE hour < ${horizon(HOUR_MS)}`,
];

/**
 * Vitals per UTC day, route template and metric over the reports (`vital_reports`) `where` selects: within a day the last report
 * of each metric id counts (as in the vitals read); count, nearest-rank p75, ratings.
 */
export function vitalsDailySql(where: string): string {
  return `WITH latest AS (SELECT ${DAY} AS day, metric_id, arg_max(coalesce(route, ''), seq) AS route, arg_max(name, seq) AS metric, arg_max(value, seq) AS value,
      arg_max_null(rating, seq) AS rating FROM vital_reports WHERE ${where} GROUP BY ALL)
    SELECT day, route, metric, count(*) AS count, quantile_disc(value, 0.75) AS p75, count(*) FILTER (rating = 'good') AS good,
      count(*) FILTER (rating = 'needs-improvement') AS needs_improvement, count(*) FILTER (rating = 'poor') AS poor FROM latest GROUP BY ALL`;
}

/** API timing per UTC day, route template and method over the timings (`api_calls`) `where` selects. */
export function apiDailySql(where: string): string {
  return `SELECT ${DAY} AS day, coalesce(route, '') AS route, coalesce(method, '') AS method, count(*) AS requests, count(*) FILTER (status = 0 OR status >= 400) AS errors,
      sum(duration) AS duration_sum, quantile_disc(duration, 0.5) AS p50, quantile_disc(duration, 0.95) AS p95, quantile_disc(duration, 0.99) AS p99
    FROM api_calls WHERE ${where} GROUP BY ALL`;
}

/** Days with vitals or API timings that are no longer the newest day of the batch: their percentiles are final. */
const CLOSED = `SELECT day FROM rollup_pending_days WHERE day < (SELECT max(${DAY}) FROM events WHERE ${NEW_ROWS})`;

/**
 * Percentiles do not add up, so a day is computed exactly once it is over: the days new rows touch wait in
 * `rollup_pending_days` (reads compute those live from `events`) until a batch brings a later day. Recomputing
 * the open day on every batch would rescan it each time and make projecting a day quadratic.
 */
const RECOMPUTED = [
  `INSERT OR IGNORE INTO rollup_pending_days SELECT DISTINCT ${DAY} FROM events WHERE ${NEW_ROWS} AND (metric_id IS NOT NULL OR duration IS NOT NULL)`,
  `DELETE FROM rollup_vitals_daily WHERE day IN (${CLOSED})`,
  `INSERT INTO rollup_vitals_daily ${vitalsDailySql(`${DAY} IN (${CLOSED})`)}`,
  `DELETE FROM rollup_api_daily WHERE day IN (${CLOSED})`,
  `INSERT INTO rollup_api_daily ${apiDailySql(`${DAY} IN (${CLOSED})`)}`,
  `DELETE FROM rollup_pending_days WHERE day IN (${CLOSED})`,
];

/** The rollup watermark moves with the rows folded, in their transaction. */
const MOVE_FOLDED = 'UPDATE rollup_state SET watermark = $to WHERE watermark = $from';

async function runAll(connection: DuckDBConnection, statements: readonly string[], fromSeq: number, toSeq: number) {
  if (toSeq <= fromSeq) return;
  for (const sql of statements) await connection.run(sql, { from: fromSeq, to: toSeq });
}

/**
 * Copies the `events` rows at positions (fromSeq, toSeq] into the narrow tables and `exposures`: the cheap stage
 * every read but the rollup reads waits for (a few ms at 10 million events). Call it in the transaction that appended them.
 */
export function copyNarrow(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  return runAll(connection, NARROW, fromSeq, toSeq);
}

/**
 * Folds the `events` rows at positions (fromSeq, toSeq] (and their narrow copies, made first) into every rollup
 * and `vitals_latest`, and moves the rollup watermark to toSeq: counts and sums merged in, percentile rollups
 * computed for the days that are over. At 10
 * million events this costs about 250 ms at a quiet machine whatever the range's size (upserts into tables keyed by
 * millions of people), so it runs in the background and reads combine the rollups with the rows after its watermark.
 */
export function foldRollups(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  return runAll(connection, [...ADDITIVE, ...PRUNE, ...RECOMPUTED, MOVE_FOLDED], fromSeq, toSeq);
}

/** Both stages at once for rows just appended (tests and the bench feed projections this way). */
export async function updateRollups(connection: DuckDBConnection, fromSeq: number, toSeq: number): Promise<void> {
  await copyNarrow(connection, fromSeq, toSeq);
  await foldRollups(connection, fromSeq, toSeq);
}
