import type { SqlDatabase, SqlValue } from '../storage/sql-database.ts';
import { crossInstanceOf } from './metric-catalogue.ts';
import type { MetricValues } from './metric-catalogue.ts';

/** The stored resolutions, their bucket width and how long each is kept. */
export const RESOLUTIONS = {
  '10s': { ms: 10_000, keepMs: 86_400_000 },
  '1m': { ms: 60_000, keepMs: 7 * 86_400_000 },
  '1h': { ms: 3_600_000, keepMs: 90 * 86_400_000 },
} as const;

/** A stored resolution. */
export type Resolution = keyof typeof RESOLUTIONS;

/** One metric over time: bucket starts with the average and the maximum in each (replicas combined). */
export interface MetricSeries {
  at: number[];
  avg: number[];
  max: number[];
}

/** Metric samples and their rollups. */
export interface MetricsRepository {
  /** Stores one raw sample of `instance` and refreshes the minute and hour rollups it falls in. */
  record(instance: string, at: number, values: MetricValues): Promise<void>;
  /**
   * Every metric (or those named) between `since` and `until` at `resolution`, replicas combined per metric;
   * per-route series (`http_route:…`) only when named or `withRoutes`.
   */
  series(
    resolution: Resolution,
    since: number,
    until: number,
    names?: readonly string[],
    withRoutes?: boolean,
  ): Promise<Record<string, MetricSeries>>;
  /** Deletes rows past each resolution's retention; returns how many. */
  purge(now: number): Promise<number>;
}

/** The metrics repository on either database. */
export function createMetricsRepository(db: SqlDatabase): MetricsRepository {
  return {
    record: (instance, at, values) => recordSample(db, instance, at, values),
    series: (resolution, since, until, names, withRoutes = false) =>
      readSeries(db, resolution, since, until, names, withRoutes),
    purge: (now) => purgeExpired(db, now),
  };
}

/** Stores the finite values of one raw sample and refreshes the minute and hour buckets it falls in, at once. */
async function recordSample(db: SqlDatabase, instance: string, at: number, values: MetricValues): Promise<void> {
  const entries = Object.entries(values).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]),
  );
  if (!entries.length) return;
  await db.transaction(async (tx) => {
    const params: SqlValue[] = [];
    for (const [name, value] of entries) params.push('10s', at, name, instance, value, value, 1);
    await tx.run(
      `INSERT INTO metric_samples (resolution, at, name, instance, avg, max, count) VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (resolution, at, name, instance) DO UPDATE SET avg = excluded.avg, max = excluded.max, count = excluded.count`,
      params,
    );
    await rollUp(tx, instance, '10s', '1m', at);
    await rollUp(tx, instance, '1m', '1h', at);
  });
}

/** Each bucket's figures over the replicas, from which a metric's rule picks its value. */
interface BucketRow {
  at: number;
  name: string;
  total: number;
  mean: number;
  peak: number;
  low: number;
  top: number;
}

/** The series of `MetricsRepository.series`: the database groups replicas per bucket, each metric's rule combines. */
async function readSeries(
  db: SqlDatabase,
  resolution: Resolution,
  since: number,
  until: number,
  names: readonly string[] | undefined,
  withRoutes: boolean,
): Promise<Record<string, MetricSeries>> {
  const filter = names?.length
    ? ` AND name IN (${names.map(() => '?').join(', ')})`
    : withRoutes
      ? ''
      : " AND name NOT LIKE 'http_route:%'";
  const rows = await db.all<BucketRow>(
    `SELECT at, name, SUM(avg) AS total, AVG(avg) AS mean, MAX(avg) AS peak, MIN(avg) AS low, MAX(max) AS top
     FROM metric_samples WHERE resolution = ? AND at >= ? AND at < ?${filter} GROUP BY at, name ORDER BY at`,
    [resolution, since, until, ...(names ?? [])],
  );
  const out: Record<string, MetricSeries> = {};
  for (const row of rows) {
    const series = out[row.name] ?? { at: [], avg: [], max: [] };
    out[row.name] = series;
    const across = crossInstanceOf(row.name);
    series.at.push(row.at);
    series.avg.push(
      round(across === 'sum' ? row.total : across === 'max' ? row.peak : across === 'min' ? row.low : row.mean),
    );
    series.max.push(round(across === 'sum' ? Math.max(row.total, row.top) : row.top));
  }
  return out;
}

/** Deletes the rows past their resolution's retention; returns how many. */
async function purgeExpired(db: SqlDatabase, now: number): Promise<number> {
  let removed = 0;
  for (const [resolution, { keepMs }] of Object.entries(RESOLUTIONS)) {
    removed += (await db.run('DELETE FROM metric_samples WHERE resolution = ? AND at < ?', [resolution, now - keepMs]))
      .changes;
  }
  return removed;
}

/** Recomputes the `to` bucket holding `at` from the `from` rows inside it: a few dozen rows, so cheap every sample. */
async function rollUp(tx: SqlDatabase, instance: string, from: Resolution, to: Resolution, at: number): Promise<void> {
  const width = RESOLUTIONS[to].ms;
  const start = at - (at % width);
  await tx.run(
    `INSERT INTO metric_samples (resolution, at, name, instance, avg, max, count)
     SELECT CAST(? AS TEXT), CAST(? AS BIGINT), name, instance, SUM(avg * count) / SUM(count), MAX(max), SUM(count)
     FROM metric_samples WHERE resolution = ? AND instance = ? AND at >= ? AND at < ? GROUP BY name, instance
     ON CONFLICT (resolution, at, name, instance) DO UPDATE SET avg = excluded.avg, max = excluded.max, count = excluded.count`,
    [to, start, from, instance, start, start + width],
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
