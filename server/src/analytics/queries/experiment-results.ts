import type { ExperimentSummary } from '../../../../shared/flags/list-experiments.ts';
import { compareWithControl, conversionRow, experimentAnswer, meanRow } from '../../flags/experiment-results.ts';
import type { ExperimentResults, MetricSpec } from '../../flags/experiment-results.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { IS_JSON_NUMBER, jsonPointer, placeholders } from './sql-parts.ts';

/** An experiment results read: the experiment as configured, the metrics, an optional time range. */
export interface ExperimentResultsParams {
  experiment: ExperimentSummary;
  metrics: readonly MetricSpec[];
  since?: number;
  until?: number;
}

/**
 * The experiment's units, as `analyseExperiment` builds them. `x`: its exposures in the order that function
 * walks them (time, then id descending: the store lists newest first and the sort is stable). `known`: the
 * exposures that make units (not overridden, a configured variation; a missing variation reads "undefined" as
 * `String(undefined)` does). A unit is counted from its first exposure and is excluded when seen in two
 * variations. `identities`: each user id and anonymous id belongs to the unit of the first exposure carrying it.
 */
function unitsSql(params: ExperimentResultsParams): { sql: string; values: unknown[] } {
  const { experiment, since, until } = params;
  const range = `${since === undefined ? '' : ' AND ts >= ?'}${until === undefined ? '' : ' AND ts < ?'}`;
  const rangeValues = [...(since === undefined ? [] : [since]), ...(until === undefined ? [] : [until])];
  return {
    sql: `WITH x AS (SELECT unit, coalesce(variation, 'undefined') AS variation, ts, user_id, anonymous_id, overridden, row_number() OVER (ORDER BY ts, id DESC) AS ord
        FROM events WHERE type = 'exposure' AND experiment = ?${range}),
      known AS (SELECT * FROM x WHERE NOT overridden AND variation IN (${placeholders(experiment.variations)})),
      units AS (SELECT unit, min(variation) AS variation, count(DISTINCT variation) > 1 AS multiple, min(ts) AS first_exposure FROM known GROUP BY unit),
      identities AS (
        SELECT 'user' AS kind, user_id AS identity, arg_min(unit, ord) AS unit FROM known WHERE user_id <> '' GROUP BY user_id
        UNION ALL SELECT 'anon', anonymous_id, arg_min(unit, ord) FROM known GROUP BY anonymous_id)`,
    values: [experiment.key, ...rangeValues, ...experiment.variations],
  };
}

/** Unit counts: included per variation, excluded as forced, as seen in several variations, or as unknown variation. */
const COUNTS_SQL = `SELECT 'variation' AS what, variation, count(*) AS n FROM units WHERE NOT multiple GROUP BY variation
  UNION ALL SELECT 'multiple', NULL, count(*) FROM units WHERE multiple
  UNION ALL SELECT 'forced', NULL, count(DISTINCT unit) FROM x WHERE overridden AND unit NOT IN (SELECT unit FROM units)
  UNION ALL SELECT 'unknown', NULL, count(*) FROM x WHERE NOT overridden AND variation NOT IN (SELECT variation FROM known)`;

/**
 * Per-variation sufficient statistics of one metric: a metric event belongs to the unit of its user id (a missing
 * one looks up "undefined", as the template string does), else of its anonymous id, and counts at or after the
 * unit's first exposure. Per unit: converted, and the mean of its numeric values; per variation: converted units,
 * units with a value, and the mean and sample variance of their means.
 */
function metricSql(metric: MetricSpec, range: string): string {
  const value = metric.kind === 'mean' ? `CASE WHEN ${IS_JSON_NUMBER} THEN CAST(json_extract_string(props, ?) AS DOUBLE) END` : 'NULL::DOUBLE';
  return `, m AS (
      SELECT e.ts, coalesce(by_user.unit, by_anon.unit) AS unit, ${value} AS value FROM events e
      LEFT JOIN identities by_user ON by_user.kind = 'user' AND by_user.identity = coalesce(e.user_id, 'undefined')
      LEFT JOIN identities by_anon ON by_anon.kind = 'anon' AND by_anon.identity = e.anonymous_id
      WHERE e.name = ? AND NOT e.overridden${range}),
    per_unit AS (SELECT m.unit, avg(m.value) AS unit_mean FROM m JOIN units u ON u.unit = m.unit AND NOT u.multiple AND m.ts >= u.first_exposure GROUP BY m.unit)
    SELECT u.variation, count(*) AS converted, count(p.unit_mean) AS with_value, avg(p.unit_mean) AS mean, var_samp(p.unit_mean) AS variance
    FROM per_unit p JOIN units u USING (unit) GROUP BY u.variation`;
}

interface MetricStats {
  variation: string;
  converted: number;
  with_value: number;
  mean: number | null;
  variance: number | null;
}

/**
 * Experiment results with the per-unit work in SQL and the statistics (z-test, Welch, mSPRT, SRM) from the
 * same JS functions `analyseExperiment` uses, fed per-variation sufficient statistics.
 */
export async function experimentResultsQuery(db: AnalyticsDb, params: ExperimentResultsParams): Promise<ExperimentResults> {
  const { experiment, metrics, since, until } = params;
  const units = unitsSql(params);
  const counts = await db.all<{ what: string; variation: string | null; n: number }>(`${units.sql} ${COUNTS_SQL}`, units.values);
  const count = (what: string, variation?: string) => counts.find((row) => row.what === what && (variation === undefined || row.variation === variation))?.n ?? 0;
  const observed = experiment.variations.map((variation) => count('variation', variation));
  const range = `${since === undefined ? '' : ' AND e.ts >= ?'}${until === undefined ? '' : ' AND e.ts < ?'}`;
  const rangeValues = [...(since === undefined ? [] : [since]), ...(until === undefined ? [] : [until])];
  const results = [];
  for (const metric of metrics) {
    const pointer = metric.kind === 'mean' ? [jsonPointer(metric.property), jsonPointer(metric.property)] : [];
    const stats = await db.all<MetricStats>(`${units.sql}${metricSql(metric, range)}`, [...units.values, ...pointer, metric.event, ...rangeValues]);
    const rows = experiment.variations.map((variation, index) => {
      const row = stats.find((each) => each.variation === variation);
      if (metric.kind === 'conversion') return conversionRow(variation, observed[index]!, row?.converted ?? 0);
      const users = row?.with_value ?? 0;
      return meanRow(variation, observed[index]!, { users, mean: users ? row!.mean! : NaN, variance: users > 1 ? row!.variance! : NaN });
    });
    results.push(compareWithControl(metric, rows));
  }
  const included = observed.reduce((sum, n) => sum + n, 0);
  return experimentAnswer(experiment, { included, excludedForced: count('forced'), excludedMultipleVariations: count('multiple'), excludedUnknownVariation: count('unknown') }, observed, results);
}
