import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import { createErrorStatusRepository } from '../analytics/error-status-repository.ts';
import type { AlertErrorGroup } from '../analytics/queries/alert-errors.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** One error fingerprint over an alert window and the baseline before it (occurrences, folded repeats counted). */
type ErrorGroupSignal = AlertErrorGroup;

/** Exposures per variation of one active experiment. */
interface ExperimentExposure {
  experiment: string;
  variations: string[];
  weights: number[];
  /** Distinct units per variation, in `variations` order. */
  observed: number[];
}

/**
 * What alert conditions read: error groups per fingerprint, vitals p75 per route template, NPS per period,
 * exposures per variation for SRM (all from the analytics rollups) and sampled operations metrics.
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

/**
 * Alert signals from the analytics engine: every read runs in its worker over the projection's rollups (errors per
 * minute and fingerprint, `vitals_latest`, NPS per hour, exposed units per hour), so a check never scans events
 * and nothing runs on the event loop. From the record only what lives there: the owners' error-group resolutions
 * (the small `error_groups` table) and the sampled operations metrics.
 */
export function createEngineAlertSignals(
  engine: AnalyticsEngine,
  db: SqlDatabase,
  metrics: MetricsRepository,
  experiments: ActiveExperiments,
): AlertSignals {
  const decisions = createErrorStatusRepository(db);
  return {
    async errorGroups(windowStart, baselineStart, until) {
      const resolved = (await decisions.list()).filter((row) => row.status === 'resolved');
      return engine.run('alertErrors', { windowStart, baselineStart, until, resolved });
    },
    vitalsP75: (metric, since, until) => engine.run('alertVitals', { metric, since, until }),
    nps: (since, until) => engine.run('alertNps', { since, until }),
    async experimentExposures(since, until) {
      const [active, exposed] = await Promise.all([experiments(), engine.run('alertExposures', { since, until })]);
      return active.map((experiment) => {
        const units = new Map(
          exposed.filter((row) => row.experiment === experiment.key).map((row) => [row.variation, row.units]),
        );
        return {
          experiment: experiment.key,
          variations: experiment.variations,
          weights: experiment.weights,
          observed: experiment.variations.map((variation) => units.get(variation) ?? 0),
        };
      });
    },
    async metricAverage(name, since, until) {
      const series = (await metrics.series('10s', since, until, [name]))[name];
      if (!series?.avg.length) return undefined;
      return series.avg.reduce((sum, value) => sum + value, 0) / series.avg.length;
    },
  };
}
