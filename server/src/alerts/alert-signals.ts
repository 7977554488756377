import { percentile } from '../analytics/vitals-summary.ts';
import { npsSummary } from '../feedback/nps-score.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase, SqlDialect } from '../storage/sql-database.ts';

/** One error fingerprint over an alert window and the baseline before it. */
export interface ErrorGroupSignal {
  fingerprint: string;
  message: string;
  /** Occurrences in the window. */
  count: number;
  /** Occurrences in the baseline period before the window. */
  baselineCount: number;
  /** Resolved by its owner and seen after that. */
  regressed: boolean;
}

/** Exposures per variation of one active experiment. */
export interface ExperimentExposure {
  experiment: string;
  variations: string[];
  weights: number[];
  /** Distinct units per variation, in `variations` order. */
  observed: number[];
}

/**
 * What alert conditions read. Implemented today by bounded SQL over the system of record (only the window and
 * its baseline, through the time indexes); when the analytics rollups land, an implementation over them
 * replaces this one and the conditions do not change.
 */
export interface AlertSignals {
  errorGroups(windowStart: number, baselineStart: number, until: number): Promise<ErrorGroupSignal[]>;
  vitalsP75(metric: string, since: number, until: number): Promise<{ route: string; p75: number; count: number }[]>;
  nps(since: number, until: number): Promise<{ score: number | null; responses: number }>;
  experimentExposures(since: number, until: number): Promise<ExperimentExposure[]>;
  /** The average of a sampled metric (replicas combined), e.g. `client_dropped_per_minute`, `health_score`. */
  metricAverage(name: string, since: number, until: number): Promise<number | undefined>;
}

/** Active experiments and their intended weights (from the flag store), for SRM. */
export type ActiveExperiments = () => Promise<{ key: string; variations: string[]; weights: number[] }[]>;

/** The JSON text at `path` of the `body` column, in either dialect. */
function bodyText(dialect: SqlDialect, ...path: string[]): string {
  return dialect === 'sqlite' ? `json_extract(body, '$.${path.join('.')}')` : `((body::jsonb) #>> '{${path.join(',')}}')`;
}

/** Alert signals by SQL on the events table, each query bounded to its window by `corrected_ts`. */
export function createSqlAlertSignals(db: SqlDatabase, metrics: MetricsRepository, experiments: ActiveExperiments): AlertSignals {
  const text = (...path: string[]) => bodyText(db.dialect, ...path);
  const fingerprint = `COALESCE(NULLIF(${text('props', 'fingerprint')}, ''), COALESCE(name, 'Error') || ': ' || COALESCE(${text('props', 'message')}, ''))`;
  return {
    async errorGroups(windowStart, baselineStart, until) {
      const rows = await db.all<{ fingerprint: string; message: string | null; count: number; baseline: number; last_seen: number; status: string | null; changed: number | null }>(
        `SELECT g.fingerprint, g.message, g.count, g.baseline, g.last_seen, s.status, s.status_changed_at AS changed FROM (
           SELECT ${fingerprint} AS fingerprint, MAX(${text('props', 'message')}) AS message,
             SUM(CASE WHEN corrected_ts >= ? THEN 1 ELSE 0 END) AS count,
             SUM(CASE WHEN corrected_ts < ? THEN 1 ELSE 0 END) AS baseline, MAX(corrected_ts) AS last_seen
           FROM events WHERE type = 'error' AND corrected_ts >= ? AND corrected_ts < ? GROUP BY 1) g
         LEFT JOIN error_groups s ON s.fingerprint = g.fingerprint WHERE g.count > 0`,
        [windowStart, windowStart, baselineStart, until],
      );
      return rows.map((row) => ({
        fingerprint: row.fingerprint,
        message: row.message ?? row.fingerprint,
        count: Number(row.count),
        baselineCount: Number(row.baseline),
        regressed: row.status === 'resolved' && row.changed !== null && row.last_seen > row.changed,
      }));
    },
    async vitalsP75(metric, since, until) {
      const rows = await db.all<{ route: string | null; value: number | string | null }>(
        `SELECT ${text('page', 'path')} AS route, ${text('props', 'value')} AS value FROM events WHERE type = 'vital' AND name = ? AND corrected_ts >= ? AND corrected_ts < ?`,
        [metric, since, until],
      );
      const byRoute = new Map<string, number[]>();
      for (const row of rows) {
        const value = Number(row.value);
        if (!Number.isFinite(value)) continue;
        const list = byRoute.get(row.route ?? '') ?? [];
        list.push(value);
        byRoute.set(row.route ?? '', list);
      }
      return [...byRoute].map(([route, values]) => ({ route, p75: percentile(values, 75), count: values.length }));
    },
    async nps(since, until) {
      const rows = await db.all<{ score: number | string | null }>(`SELECT ${text('props', 'score')} AS score FROM events WHERE type = 'nps' AND corrected_ts >= ? AND corrected_ts < ?`, [since, until]);
      const summary = npsSummary(rows.map((row) => Number(row.score)).filter((score) => Number.isInteger(score) && score >= 0 && score <= 10));
      return { score: summary.score, responses: summary.responses };
    },
    async experimentExposures(since, until) {
      const out: ExperimentExposure[] = [];
      for (const experiment of await experiments()) {
        const rows = await db.all<{ variation: string | null; units: number }>(
          `SELECT ${text('props', 'variation')} AS variation, COUNT(DISTINCT anonymous_id) AS units FROM events
           WHERE type = 'exposure' AND name = ? AND corrected_ts >= ? AND corrected_ts < ? AND COALESCE(CAST(${text('props', 'forced')} AS TEXT), 'false') NOT IN ('true', '1') GROUP BY 1`,
          [experiment.key, since, until],
        );
        const units = new Map(rows.map((row) => [String(row.variation), Number(row.units)]));
        out.push({ experiment: experiment.key, variations: experiment.variations, weights: experiment.weights, observed: experiment.variations.map((variation) => units.get(variation) ?? 0) });
      }
      return out;
    },
    async metricAverage(name, since, until) {
      const series = (await metrics.series('10s', since, until, [name]))[name];
      if (!series?.avg.length) return undefined;
      return series.avg.reduce((sum, value) => sum + value, 0) / series.avg.length;
    },
  };
}
