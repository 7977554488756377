import { npsFromCounts } from '../../feedback/nps-score.ts';
import type { NpsSummary } from '../../feedback/nps-score.ts';
import { ratio } from '../funnel.ts';
import { DAY_MS, HOUR_MS, STATE_KEYS } from '../projection/schema.ts';
import { FIRST_MONDAY_MS, WEEK_MS, weekIndex } from '../retention.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { timingSql } from './api-performance.ts';
import { isoDate } from './sql-parts.ts';
import { vitalsDailySql } from '../projection/update-rollups.ts';

/** An overview read: the time it is about (the engine passes its clock). */
export interface OverviewParams {
  now: number;
}

/** What `GET /analytics/overview` answers: the dashboard's first screen, from the rollups only. */
export interface OverviewAnswer {
  now: number;
  /** The last 24 whole-or-current hours. */
  last24h: {
    events: number;
    errors: number;
    topEvents: { type: string; name: string; events: number }[];
    topErrors: { fingerprint: string; occurrences: number; events: number }[];
  };
  activeUsers: { today: number; last7Days: number; last30Days: number };
  revenueToday: { currency: string; amount: number; payments: number }[];
  npsThisWeek: NpsSummary & { weekStart: string };
  /** The busiest API routes of the current UTC day. */
  api: { route: string; method: string; requests: number; errorRate: number; p95: number }[];
  /** Vitals p75 per route and metric on the current UTC day, most measured first. */
  vitals: { route: string; metric: string; count: number; p75: number }[];
  /**
   * How fresh the figures are: the overview does not wait for the projector (it keeps the rollups within seconds of
   * the record). `watermark`: the last record position folded into the rollups, what the figures are as of;
   * `asOf`: when the newest event in them was received.
   */
  projection: { watermark: number; asOf: number | null };
}

/** One day's API timings, weighted by how many requests took each duration (the shape `timingSql` reads). */
const TODAY_DURATIONS =
  'SELECT route, method, duration, requests, errors FROM rollup_api_durations_daily WHERE day = ?';

/**
 * Vitals p75 per route and metric on UTC day `day`, most measured first, as of record position `watermark`: from
 * `rollup_vitals_daily` once the day is over, else computed from the day's reports up to it by the rollup's own SQL,
 * bounded by time so that DuckDB reads the day's row groups and nothing else (`dailyRollup` over one day gives the
 * same rows at twice the time).
 */
async function vitalsOfDay(db: AnalyticsDb, day: number, watermark: number): Promise<OverviewAnswer['vitals']> {
  const [pending] = await db.all<{ open: number }>('SELECT count(*) AS open FROM rollup_pending_days WHERE day = ?', [
    day,
  ]);
  const [sql, values] = pending?.open
    ? [vitalsDailySql('ts >= ? AND ts < ? AND seq <= ?'), [day * DAY_MS, (day + 1) * DAY_MS, watermark]]
    : ['SELECT * FROM rollup_vitals_daily WHERE day = ?', [day]];
  return db.all(`SELECT route, metric, count, p75 FROM (${sql}) ORDER BY count DESC, route, metric LIMIT 20`, values);
}

/**
 * The last record position folded into the rollups (0 before the first commit): what every figure of the overview
 * is as of. A projection fed without the two stages has no `rollup_state` row; its rollups are at its watermark.
 */
export async function foldedWatermark(db: AnalyticsDb): Promise<number> {
  const [state] = await db.all<{ value: number | null }>(
    'SELECT coalesce((SELECT max(watermark) FROM rollup_state), (SELECT value FROM projection_state WHERE key = ?)) AS value',
    [STATE_KEYS.watermark],
  );
  return state?.value ?? 0;
}

/** The rollups' watermark and the receive time of the newest event at or just before it (the rows near it only). */
async function freshness(db: AnalyticsDb): Promise<OverviewAnswer['projection']> {
  const watermark = await foldedWatermark(db);
  // Bounded below so that DuckDB's min/max per row group skips all but the newest rows.
  const [newest] = await db.all<{ at: number | null }>(
    'SELECT max(received_at) AS at FROM events WHERE seq > ? AND seq <= ?',
    [Math.max(0, watermark - 100_000), watermark],
  );
  return { watermark, asOf: newest?.at ?? null };
}

/**
 * The overview: every figure reads a rollup table keyed by hour, day or week (tables thousands of times smaller
 * than `events`); today's API percentiles from today's rows of the per-duration rollup, today's vitals p75 (not
 * final until the day is over) from today's reports, which the time bounds confine to a few row groups. The engine
 * serves it through `createOverviewCache`, which keeps it computed as the projection moves.
 */
export async function overviewQuery(db: AnalyticsDb, { now }: OverviewParams): Promise<OverviewAnswer> {
  // First: a fold committed meanwhile only makes the rollup figures fresher than stated, never staler.
  const projection = await freshness(db);
  const hour = Math.floor(now / HOUR_MS);
  const today = Math.floor(now / DAY_MS);
  const week = weekIndex(now);
  const topEvents = await db.all<{ type: string; name: string; events: number }>(
    'SELECT type, name, sum(events) AS events FROM rollup_events_hourly WHERE hour > ? AND hour <= ? GROUP BY ALL ORDER BY events DESC, type, name LIMIT 10',
    [hour - 24, hour],
  );
  const [totals] = await db.all<{ events: number | null }>(
    'SELECT sum(events) AS events FROM rollup_events_hourly WHERE hour > ? AND hour <= ?',
    [hour - 24, hour],
  );
  const topErrors = await db.all<{ fingerprint: string; occurrences: number; events: number }>(
    'SELECT fingerprint, sum(occurrences) AS occurrences, sum(events) AS events FROM rollup_errors_hourly WHERE hour > ? AND hour <= ? GROUP BY ALL ORDER BY occurrences DESC, fingerprint LIMIT 5',
    [hour - 24, hour],
  );
  const [errors] = await db.all<{ occurrences: number | null }>(
    'SELECT sum(occurrences) AS occurrences FROM rollup_errors_hourly WHERE hour > ? AND hour <= ?',
    [hour - 24, hour],
  );
  const [active] = await db.all<{ today: number; week: number; month: number }>(
    'SELECT count(*) FILTER (day = ?) AS today, count(*) FILTER (day > ?) AS week, count(*) AS month FROM rollup_actors_last_seen WHERE day > ?',
    [today, today - 7, today - 30],
  );
  const revenueToday = await db.all<{ currency: string; amount: number; payments: number }>(
    'SELECT currency, amount, payments FROM rollup_revenue_daily WHERE day = ? ORDER BY currency',
    [today],
  );
  const [nps] = await db.all<{ responses: number | null; promoters: number | null; detractors: number | null }>(
    'SELECT sum(responses) AS responses, sum(promoters) AS promoters, sum(detractors) AS detractors FROM rollup_nps_weekly WHERE week = ?',
    [week],
  );
  // Today's timings from the additive per-duration rollup (kept current with every commit, a few thousand rows a
  // day): the same nearest-rank p95 as over the day's single timings, without reading them.
  const api = await db.all<{ route: string; method: string; requests: number; errors: number; p95: number }>(
    `SELECT route, method, requests, errors, p95 FROM (${timingSql(TODAY_DURATIONS, 'route, method')}) ORDER BY requests DESC, route, method LIMIT 10`,
    [today],
  );
  const vitals = await vitalsOfDay(db, today, projection.watermark);
  return {
    now,
    last24h: { events: totals?.events ?? 0, errors: errors?.occurrences ?? 0, topEvents, topErrors },
    activeUsers: { today: active?.today ?? 0, last7Days: active?.week ?? 0, last30Days: active?.month ?? 0 },
    revenueToday,
    npsThisWeek: {
      weekStart: isoDate(FIRST_MONDAY_MS + week * WEEK_MS),
      ...npsFromCounts(nps?.responses ?? 0, nps?.promoters ?? 0, nps?.detractors ?? 0),
    },
    api: api.map(({ errors: failed, ...row }) => ({ ...row, errorRate: ratio(failed, row.requests) })),
    vitals,
    projection,
  };
}
