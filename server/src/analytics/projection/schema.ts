/**
 * The analytics projection's tables in DuckDB: `events` (one typed row per recorded event, in record order),
 * the rollups kept current as rows arrive, and `projection_state` (the watermark). Bump `PROJECTION_VERSION`
 * whenever a column or a derivation changes: a projection built by another version is rebuilt from the record.
 */
export const PROJECTION_VERSION = 2;

/** Column types the projection uses, as DuckDB spells them. */
export type ColumnType = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';

/**
 * The `events` columns in table order (`appendRows` appends in this order). `ts` is the clock-corrected time in
 * epoch ms; `props` and `traits` are JSON objects of top-level scalar values (json_extract works offline).
 */
export const EVENT_COLUMNS = [
  ['seq', 'BIGINT'],
  ['id', 'VARCHAR'],
  ['type', 'VARCHAR'],
  ['name', 'VARCHAR'],
  ['ts', 'BIGINT'],
  ['client_ts', 'BIGINT'],
  ['received_at', 'BIGINT'],
  ['session_id', 'VARCHAR'],
  ['anonymous_id', 'VARCHAR'],
  ['user_id', 'VARCHAR'],
  ['path', 'VARCHAR'],
  ['route', 'VARCHAR'],
  ['experiment', 'VARCHAR'],
  ['variation', 'VARCHAR'],
  ['unit', 'VARCHAR'],
  ['overridden', 'BOOLEAN'],
  ['forced', 'BOOLEAN'],
  ['override_tag', 'BOOLEAN'],
  ['value', 'DOUBLE'],
  ['metric_id', 'VARCHAR'],
  ['rating', 'VARCHAR'],
  ['fingerprint', 'VARCHAR'],
  ['error_count', 'DOUBLE'],
  ['error_type', 'VARCHAR'],
  ['error_kind', 'VARCHAR'],
  ['message', 'VARCHAR'],
  ['frames', 'VARCHAR'],
  ['release', 'VARCHAR'],
  ['score', 'BIGINT'],
  ['survey_id', 'VARCHAR'],
  ['comment', 'VARCHAR'],
  ['amount', 'DOUBLE'],
  ['currency', 'VARCHAR'],
  ['method', 'VARCHAR'],
  ['status', 'DOUBLE'],
  ['duration', 'DOUBLE'],
  ['off_plan', 'BOOLEAN'],
  ['props', 'VARCHAR'],
  ['traits', 'VARCHAR'],
] as const satisfies readonly (readonly [string, ColumnType])[];

type JsType<T extends ColumnType> = T extends 'BOOLEAN' ? boolean : T extends 'VARCHAR' ? string : number;
type Column = (typeof EVENT_COLUMNS)[number];

/** One projection row: every column, null where the event has no such value. */
export type EventRow = { [C in Column as C[0]]: JsType<C[1]> | null };

/**
 * Per-purpose copies of a slice of `events`, a few columns wide: a read that needs one kind of event scans a few
 * percent of the bytes it would scan in the 39-column `events` (where, at 10 million events, a filter on a sparse
 * column still reads every row group). Kept by `updateRollups` with the rows of each batch; a projection made before
 * a table existed is filled from its `events` when it is opened (`prepareProjection`).
 */
export const NARROW_TABLES = [
  // `api` timings: API performance and the API rollups.
  { table: 'api_calls', columns: 'seq, ts, route, method, status, duration', where: 'duration IS NOT NULL' },
  // Every web-vitals report (`vitals_latest` keeps only each metric id's last): the per-day vitals rollups.
  { table: 'vital_reports', columns: 'seq, ts, metric_id, name, value, rating, route', where: 'metric_id IS NOT NULL' },
  {
    table: 'error_events',
    columns:
      'seq, id, ts, fingerprint, error_type, error_kind, message, frames, error_count, user_id, anonymous_id, session_id',
    where: "type = 'error'",
  },
  {
    table: 'nps_answers',
    columns: 'seq, id, ts, survey_id, score, comment, user_id, path',
    where: 'score IS NOT NULL',
  },
  // Named events but the two kinds that are most of the volume and are never funnel steps or metrics in practice;
  // a read asked about an `api` or `vital` name reads `events` instead (`namedEventsSource`).
  {
    table: 'named_events',
    columns: 'seq, id, ts, name, anonymous_id, user_id, overridden, props',
    where: "name IS NOT NULL AND type NOT IN ('api', 'vital')",
  },
] as const;

const eventsTable = `CREATE TABLE IF NOT EXISTS events (${EVENT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`;

/**
 * Every CREATE statement of the projection. No index on `events`: DuckDB's per-row-group min/max (zonemaps) on
 * `seq` and `ts` prune scans, and appends stay as fast with 10 million rows as with none.
 */
export const PROJECTION_DDL: readonly string[] = [
  eventsTable,
  // Typed like `events` by construction: made from an empty selection of it.
  ...NARROW_TABLES.map(
    ({ table, columns }) => `CREATE TABLE IF NOT EXISTS ${table} AS SELECT ${columns} FROM events WHERE false`,
  ),
  'CREATE TABLE IF NOT EXISTS projection_state (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL)',
  // The last record position the rollups (and `vitals_latest`) have folded in: one row, written only by the fold,
  // which commits apart from the append (`foldRollups`); a table of its own so the two never write the same row.
  'CREATE TABLE IF NOT EXISTS rollup_state (watermark BIGINT NOT NULL)',
  // Additive rollups: updated in place as rows arrive (`updateRollups`).
  'CREATE TABLE IF NOT EXISTS rollup_events_hourly (hour BIGINT NOT NULL, type VARCHAR NOT NULL, name VARCHAR NOT NULL, events BIGINT NOT NULL, PRIMARY KEY (hour, type, name))',
  'CREATE TABLE IF NOT EXISTS rollup_errors_hourly (hour BIGINT NOT NULL, fingerprint VARCHAR NOT NULL, events BIGINT NOT NULL, occurrences DOUBLE NOT NULL, PRIMARY KEY (hour, fingerprint))',
  'CREATE TABLE IF NOT EXISTS rollup_revenue_daily (day BIGINT NOT NULL, currency VARCHAR NOT NULL, payments BIGINT NOT NULL, amount DOUBLE NOT NULL, PRIMARY KEY (day, currency))',
  'CREATE TABLE IF NOT EXISTS rollup_nps_weekly (week BIGINT NOT NULL, survey_id VARCHAR NOT NULL, responses BIGINT NOT NULL, promoters BIGINT NOT NULL, detractors BIGINT NOT NULL, PRIMARY KEY (week, survey_id))',
  // Alert signals, checked every minute over short windows: error occurrences (the widget's folded `count`) per
  // minute and fingerprint, NPS answers per hour, and each exposed unit once per hour, experiment and variation.
  'CREATE TABLE IF NOT EXISTS rollup_errors_minutely (minute BIGINT NOT NULL, fingerprint VARCHAR NOT NULL, occurrences DOUBLE NOT NULL, message VARCHAR, last_ts BIGINT NOT NULL, PRIMARY KEY (minute, fingerprint))',
  'CREATE TABLE IF NOT EXISTS rollup_nps_hourly (hour BIGINT NOT NULL, responses BIGINT NOT NULL, promoters BIGINT NOT NULL, detractors BIGINT NOT NULL, PRIMARY KEY (hour))',
  'CREATE TABLE IF NOT EXISTS rollup_exposure_units_hourly (hour BIGINT NOT NULL, experiment VARCHAR NOT NULL, variation VARCHAR NOT NULL, unit VARCHAR NOT NULL, PRIMARY KEY (hour, experiment, variation, unit))',
  // Exact daily distinct people (user id, else anonymous id): DAU counts rows, WAU/MAU count distinct actors.
  // `traits`: the person's last traits that day, for active users split by a trait.
  'CREATE TABLE IF NOT EXISTS rollup_actors_daily (day BIGINT NOT NULL, actor VARCHAR NOT NULL, traits VARCHAR, PRIMARY KEY (day, actor))',
  // (ISO week, anonymous id) pairs with activity: retention reads whole weeks here and only the range's edges from `events`.
  'CREATE TABLE IF NOT EXISTS rollup_anonymous_weekly (week BIGINT NOT NULL, anonymous_id VARCHAR NOT NULL, PRIMARY KEY (week, anonymous_id))',
  // Each person's last active day: active people over the last 1, 7 or 30 days count rows, not distinct values.
  'CREATE TABLE IF NOT EXISTS rollup_actors_last_seen (actor VARCHAR PRIMARY KEY, day BIGINT NOT NULL)',
  // Exposures alone (a few percent of events), so experiment reads scan them instead of filtering every event.
  'CREATE TABLE IF NOT EXISTS exposures (seq BIGINT NOT NULL, id VARCHAR NOT NULL, ts BIGINT NOT NULL, experiment VARCHAR, variation VARCHAR, unit VARCHAR NOT NULL, user_id VARCHAR, anonymous_id VARCHAR NOT NULL, overridden BOOLEAN NOT NULL, forced BOOLEAN NOT NULL, override_tag BOOLEAN NOT NULL)',
  // The last report of each web-vitals metric id (the value web-vitals settles on), as the vitals reads count it.
  'CREATE TABLE IF NOT EXISTS vitals_latest (metric_id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, ts BIGINT NOT NULL, metric VARCHAR NOT NULL, value DOUBLE NOT NULL, rating VARCHAR, path VARCHAR, route VARCHAR, session_id VARCHAR NOT NULL)',
  // Percentile rollups: computed exactly from `events` once a day is over; days still open wait here.
  'CREATE TABLE IF NOT EXISTS rollup_pending_days (day BIGINT PRIMARY KEY)',
  'CREATE TABLE IF NOT EXISTS rollup_vitals_daily (day BIGINT NOT NULL, route VARCHAR NOT NULL, metric VARCHAR NOT NULL, count BIGINT NOT NULL, p75 DOUBLE NOT NULL, good BIGINT NOT NULL, needs_improvement BIGINT NOT NULL, poor BIGINT NOT NULL, PRIMARY KEY (day, route, metric))',
  // Requests and errors per UTC day, route template, method and exact duration (a few thousand distinct values): exact
  // percentiles over whole days by running counts, at a twentieth of the rows of `api_calls`.
  'CREATE TABLE IF NOT EXISTS rollup_api_durations_daily (day BIGINT NOT NULL, route VARCHAR NOT NULL, method VARCHAR NOT NULL, duration DOUBLE NOT NULL, requests BIGINT NOT NULL, errors BIGINT NOT NULL, PRIMARY KEY (day, route, method, duration))',
  'CREATE TABLE IF NOT EXISTS rollup_api_daily (day BIGINT NOT NULL, route VARCHAR NOT NULL, method VARCHAR NOT NULL, requests BIGINT NOT NULL, errors BIGINT NOT NULL, duration_sum DOUBLE NOT NULL, p50 DOUBLE NOT NULL, p95 DOUBLE NOT NULL, p99 DOUBLE NOT NULL, PRIMARY KEY (day, route, method))',
];

/** The `projection_state` keys: the last record position projected, and the version that built the projection. */
export const STATE_KEYS = { watermark: 'watermark', version: 'version' } as const;

/**
 * The `events` rows (and narrow rows) the rollups have not folded in yet: a read that combines a rollup with live
 * rows adds these to it, so it is exact however far the fold lags. No row in `rollup_state` (a projection fed by
 * `updateRollups` alone, as the tests do) selects nothing: everything is folded.
 */
export const UNFOLDED = 'seq > (SELECT max(watermark) FROM rollup_state)';

/** Time buckets, in epoch ms: rollups key hours and days by `floor(ts / size)`. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
