import { bucketSql } from '../projection/update-rollups.ts';
import { DAY_MS, HOUR_MS, UNFOLDED } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { breakdownSql } from './breakdown.ts';
import { dailyRollup } from './daily-rollup.ts';
import type { Breakdown } from './breakdown.ts';
import { revenueQuery } from './revenue.ts';
import { isoDate } from './sql-parts.ts';

/** The series the dashboard draws. */
export const TREND_SERIES = ['vitals', 'errors', 'events', 'active-users', 'revenue'] as const;
type TrendSeries = (typeof TREND_SERIES)[number];

/** A trends read: one series over a range, optionally narrowed (`name`, `fingerprint`, `route`) or split by a user property. */
export interface TrendsParams {
  series: TrendSeries;
  since: number;
  until: number;
  name?: string;
  fingerprint?: string;
  route?: string;
  breakdown?: Breakdown;
}

/** What `GET /analytics/trends` answers: points of one series, each with its time bucket start as an ISO string. */
export interface TrendsAnswer {
  series: TrendSeries;
  since: number;
  until: number;
  bucket: 'hour' | 'day';
  points: Record<string, unknown>[];
}

/** The buckets of `size` that overlap `[since, until)`: whole buckets, as the rollups hold them. */
function buckets(since: number, until: number, size: number): [number, number] {
  return [Math.floor(since / size), Math.ceil(until / size)];
}

const at = (bucket: number, size: number) => new Date(bucket * size).toISOString();

/**
 * `rollup_actors_daily` with the rows the fold has not taken in yet merged in as the fold merges them (a person's
 * newer traits of the day win, none keeps the older); the day range (two parameters) bounds the unfolded rows.
 */
const ACTORS_DAILY = `SELECT day, actor, coalesce(u.traits, r.traits) AS traits FROM rollup_actors_daily r
  FULL JOIN (SELECT ${bucketSql(DAY_MS)} AS day, coalesce(user_id, anonymous_id) AS actor, arg_max(traits, seq) AS traits FROM events
    WHERE ${UNFOLDED} AND ts >= ? * ${DAY_MS} AND ts < ? * ${DAY_MS} GROUP BY ALL) u USING (day, actor)`;

/** A running count of people per day over a window of `days` (see `activeUsersQuery`). */
function runningSql(days: number): string {
  return `deltas${days} AS (SELECT day AS d, value, 1 AS delta FROM spans UNION ALL SELECT least(day + ${days}, coalesce(next, day + ${days})), value, -1 FROM spans),
    run${days} AS (SELECT d, value, sum(sum(delta)) OVER (PARTITION BY value ORDER BY d) AS people FROM deltas${days} GROUP BY d, value)`;
}

/**
 * Distinct people (user id, else anonymous id) per day (DAU), and over the 7 and 30 days ending each day (WAU,
 * MAU). Each active day of a person covers the days up to its window's end or their next active day, whichever
 * comes first, so one person's intervals never overlap and a running sum of starts minus ends counts people
 * exactly. It reads the daily actors rollup, where a split by a trait uses the person's last traits of the day
 * (one value per person and day); a split by an event prop reads the events (a person counts under every value
 * their events carried). Days without anyone active have no point.
 */
async function activeUsers(db: AnalyticsDb, params: TrendsParams): Promise<Record<string, unknown>[]> {
  const [from, to] = buckets(params.since, params.until, DAY_MS);
  const split = params.breakdown ? breakdownSql(params.breakdown) : undefined;
  const value = split ? (params.breakdown!.source === 'trait' ? split.sql : 'NULL::VARCHAR') : 'NULL::VARCHAR';
  const activity =
    split && params.breakdown!.source === 'prop'
      ? {
          sql: `SELECT DISTINCT ${bucketSql(DAY_MS)} AS day, coalesce(user_id, anonymous_id) AS actor, ${split.sql} AS value FROM events WHERE ts >= ? AND ts < ?`,
          values: [...split.values, (from - 29) * DAY_MS, to * DAY_MS],
        }
      : {
          sql: `SELECT day, actor, ${value} AS value FROM (${ACTORS_DAILY}) WHERE day >= ? AND day < ?`,
          values: [...(split?.values ?? []), from - 29, to, from - 29, to],
        };
  const rows = await db.all<{ day: number; value: string | null; dau: number; wau: number; mau: number }>(
    `WITH activity AS (${activity.sql}),
     spans AS (SELECT day, value, lead(day) OVER (PARTITION BY actor, value ORDER BY day) AS next FROM activity),
     ${runningSql(7)}, ${runningSql(30)},
     dau AS (SELECT day, value, count(*) AS n FROM activity WHERE day >= ? AND day < ? GROUP BY ALL)
     SELECT dau.day, dau.value, dau.n AS dau, w.people AS wau, m.people AS mau FROM dau
     JOIN run7 w ON w.d = dau.day AND w.value IS NOT DISTINCT FROM dau.value
     JOIN run30 m ON m.d = dau.day AND m.value IS NOT DISTINCT FROM dau.value ORDER BY dau.day, dau.value`,
    [...activity.values, from, to],
  );
  return rows.map(({ day, value, ...counts }) => ({
    day: isoDate(day * DAY_MS),
    ...(split ? { value } : {}),
    ...counts,
  }));
}

/** Vitals p75 per UTC day, route template and metric (the last report of each metric id that day), from the rollup. */
async function vitalsTrend(db: AnalyticsDb, { since, until, route }: TrendsParams): Promise<Record<string, unknown>[]> {
  const [from, to] = buckets(since, until, DAY_MS);
  const daily = await dailyRollup(db, 'rollup_vitals_daily', from, to);
  const rows = await db.all<{ day: number; route: string; metric: string; count: number; p75: number }>(
    `SELECT day, route, metric, count, p75 FROM (${daily.sql})${route === undefined ? '' : ' WHERE route = ?'} ORDER BY day, route, metric`,
    [...daily.values, ...(route === undefined ? [] : [route])],
  );
  return rows.map(({ day, ...row }) => ({ day: isoDate(day * DAY_MS), ...row }));
}

/**
 * An hourly additive rollup's rows for hours `[from, to)` with the rows the fold has not taken in yet added (four
 * parameters: the hours, then the same range in ms): `keys` are its key columns, `sums` maps each summed column to
 * its aggregate over the unfolded `events` rows `where` selects.
 */
function hourlySql(table: string, keys: string, sums: Record<string, string>, where: string): string {
  const names = Object.keys(sums);
  return `SELECT hour, ${keys}, ${names.map((name) => `sum(${name}) AS ${name}`).join(', ')} FROM (
      SELECT hour, ${keys}, ${names.join(', ')} FROM ${table} WHERE hour >= ? AND hour < ?
      UNION ALL SELECT ${bucketSql(HOUR_MS)} AS hour, ${keys}, ${Object.values(sums).join(', ')} FROM events
        WHERE ${UNFOLDED} AND ts >= ? AND ts < ? AND ${where} GROUP BY ALL) GROUP BY ALL`;
}

/** Error occurrences per hour and fingerprint (sparklines), from the rollup. */
async function errorsTrend(
  db: AnalyticsDb,
  { since, until, fingerprint }: TrendsParams,
): Promise<Record<string, unknown>[]> {
  const [from, to] = buckets(since, until, HOUR_MS);
  const hourly = hourlySql(
    'rollup_errors_hourly',
    'fingerprint',
    { events: 'count(*)', occurrences: 'sum(error_count)' },
    'fingerprint IS NOT NULL',
  );
  const rows = await db.all<{ hour: number; fingerprint: string; events: number; occurrences: number }>(
    `SELECT hour, fingerprint, events, occurrences FROM (${hourly})${fingerprint === undefined ? '' : ' WHERE fingerprint = ?'} ORDER BY hour, fingerprint`,
    [from, to, from * HOUR_MS, to * HOUR_MS, ...(fingerprint === undefined ? [] : [fingerprint])],
  );
  return rows.map(({ hour, ...row }) => ({ hour: at(hour, HOUR_MS), ...row }));
}

/** Events per hour by type and name: from the rollup, or from the events when split by a user property. */
async function eventsTrend(
  db: AnalyticsDb,
  { since, until, name, breakdown }: TrendsParams,
): Promise<Record<string, unknown>[]> {
  const [from, to] = buckets(since, until, HOUR_MS);
  const named = name === undefined ? '' : ' AND name = ?';
  const split = breakdown ? breakdownSql(breakdown) : undefined;
  const rows = split
    ? await db.all<{ hour: number }>(
        `SELECT ${bucketSql(HOUR_MS)} AS hour, type, coalesce(name, '') AS name, ${split.sql} AS value, count(*) AS events FROM events
         WHERE ts >= ? AND ts < ?${named} GROUP BY ALL ORDER BY hour, type, name, value`,
        [...split.values, from * HOUR_MS, to * HOUR_MS, ...(name === undefined ? [] : [name])],
      )
    : await db.all<{ hour: number }>(
        `SELECT hour, type, name, events FROM (${hourlySql('rollup_events_hourly', "type, coalesce(name, '') AS name", { events: 'count(*)' }, 'true')})
         WHERE true${named} ORDER BY hour, type, name`,
        [from, to, from * HOUR_MS, to * HOUR_MS, ...(name === undefined ? [] : [name])],
      );
  return rows.map(({ hour, ...row }) => ({ hour: at(hour, HOUR_MS), ...row }));
}

/** Revenue per UTC day and currency (and breakdown value). */
async function revenueTrend(
  db: AnalyticsDb,
  { since, until, breakdown }: TrendsParams,
): Promise<Record<string, unknown>[]> {
  const [from, to] = buckets(since, until, DAY_MS);
  return (await revenueQuery(db, { since: from * DAY_MS, until: to * DAY_MS, ...(breakdown ? { breakdown } : {}) }))
    .daily as unknown as Record<string, unknown>[];
}

const SERIES: Record<
  TrendSeries,
  { bucket: 'hour' | 'day'; read: (db: AnalyticsDb, params: TrendsParams) => Promise<Record<string, unknown>[]> }
> = {
  vitals: { bucket: 'day', read: vitalsTrend },
  errors: { bucket: 'hour', read: errorsTrend },
  events: { bucket: 'hour', read: eventsTrend },
  'active-users': { bucket: 'day', read: activeUsers },
  revenue: { bucket: 'day', read: revenueTrend },
};

/**
 * One series for the dashboard's charts, in whole hour or UTC-day buckets overlapping the range (the rollups'
 * grain): vitals p75 per day and route, error occurrences per hour and fingerprint, events per hour by name,
 * DAU/WAU/MAU, revenue per day by currency; events, active users and revenue split by one user property on demand.
 */
export async function trendsQuery(db: AnalyticsDb, params: TrendsParams): Promise<TrendsAnswer> {
  const { bucket, read } = SERIES[params.series];
  return { series: params.series, since: params.since, until: params.until, bucket, points: await read(db, params) };
}
