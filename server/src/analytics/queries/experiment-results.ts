import type { ExperimentSummary } from '../../../../shared/flags/list-experiments.ts';
import { compareWithControl, conversionRow, experimentAnswer, meanRow } from '../../flags/experiment-results.ts';
import type { ExperimentResults, MetricSpec } from '../../flags/experiment-results.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { namedEventsSource } from './named-events-source.ts';
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
    sql: `WITH x AS MATERIALIZED (SELECT unit, coalesce(variation, 'undefined') AS variation, ts, user_id, anonymous_id, overridden, row_number() OVER (ORDER BY ts, id DESC) AS ord
        FROM exposures WHERE experiment = ?${range}),
      known AS MATERIALIZED (SELECT * FROM x WHERE NOT overridden AND variation IN (${placeholders(experiment.variations)})),
      units AS MATERIALIZED (SELECT unit, min(variation) AS variation, count(DISTINCT variation) > 1 AS multiple, min(ts) AS first_exposure FROM known GROUP BY unit),
      identities AS MATERIALIZED (
        SELECT 'user' AS kind, user_id AS identity, arg_min(unit, ord) AS unit FROM known WHERE user_id <> '' GROUP BY user_id
        UNION ALL SELECT 'anon', anonymous_id, arg_min(unit, ord) FROM known GROUP BY anonymous_id)`,
    values: [experiment.key, ...rangeValues, ...experiment.variations],
  };
}

/** Unit counts: included per variation, excluded as forced, as seen in several variations, or as unknown variation. */
const COUNTS_SQL = `SELECT 'variation' AS what, NULL AS metric, variation, count(*) AS n, NULL AS with_value, NULL AS mean, NULL AS variance FROM units WHERE NOT multiple GROUP BY variation
  UNION ALL SELECT 'multiple', NULL, NULL, count(*), NULL, NULL, NULL FROM units WHERE multiple
  UNION ALL SELECT 'forced', NULL, NULL, count(DISTINCT unit), NULL, NULL, NULL FROM x WHERE overridden AND unit NOT IN (SELECT unit FROM units)
  UNION ALL SELECT 'unknown', NULL, NULL, count(*), NULL, NULL, NULL FROM x WHERE NOT overridden AND variation NOT IN (SELECT variation FROM known)`;

/**
 * Per-variation sufficient statistics of one metric: a metric event belongs to the unit of its user id (a missing
 * one looks up "undefined", as the template string does), else of its anonymous id, and counts at or after the
 * unit's first exposure. Per unit: converted, and the mean of its numeric values; per variation: converted units,
 * units with a value, and the mean and sample variance of their means.
 */
function metricSql(metric: MetricSpec, index: number, range: string, source: string): { ctes: string; select: string } {
  const value =
    metric.kind === 'mean'
      ? `CASE WHEN ${IS_JSON_NUMBER} THEN CAST(json_extract_string(props, ?) AS DOUBLE) END`
      : 'NULL::DOUBLE';
  return {
    ctes: `m${index} AS (
      SELECT e.ts, coalesce(by_user.unit, by_anon.unit) AS unit, ${value} AS value FROM ${source} e
      LEFT JOIN identities by_user ON by_user.kind = 'user' AND by_user.identity = coalesce(e.user_id, 'undefined')
      LEFT JOIN identities by_anon ON by_anon.kind = 'anon' AND by_anon.identity = e.anonymous_id
      WHERE e.name = ? AND NOT e.overridden${range}),
    per_unit${index} AS (SELECT m.unit, avg(m.value) AS unit_mean FROM m${index} m JOIN units u ON u.unit = m.unit AND NOT u.multiple AND m.ts >= u.first_exposure GROUP BY m.unit)`,
    select: `SELECT 'metric', ${index}, u.variation, count(*), count(p.unit_mean), avg(p.unit_mean), var_samp(p.unit_mean) FROM per_unit${index} p JOIN units u USING (unit) GROUP BY u.variation`,
  };
}

/** One answer row: a unit count, or one variation's sufficient statistics of metric number `metric`. */
interface StatsRow {
  what: string;
  metric: number | null;
  variation: string | null;
  n: number;
  with_value: number | null;
  mean: number | null;
  variance: number | null;
}

/**
 * Experiment results with the per-unit work in SQL and the statistics (z-test, Welch, mSPRT, SRM) from the
 * same JS functions `analyseExperiment` uses, fed per-variation sufficient statistics.
 */
export async function experimentResultsQuery(
  db: AnalyticsDb,
  params: ExperimentResultsParams,
): Promise<ExperimentResults> {
  const { experiment, metrics, since, until } = params;
  const units = unitsSql(params);
  const range = `${since === undefined ? '' : ' AND e.ts >= ?'}${until === undefined ? '' : ' AND e.ts < ?'}`;
  const rangeValues = [...(since === undefined ? [] : [since]), ...(until === undefined ? [] : [until])];
  const source = await namedEventsSource(
    db,
    metrics.map((metric) => metric.event),
  );
  const parts = metrics.map((metric, index) => metricSql(metric, index, range, source));
  const values = [
    ...units.values,
    ...metrics.flatMap((metric) => [
      ...(metric.kind === 'mean' ? [jsonPointer(metric.property), jsonPointer(metric.property)] : []),
      metric.event,
      ...rangeValues,
    ]),
  ];
  // One statement: the units are worked out once (materialized) for the counts and every metric.
  const rows = await db.all<StatsRow>(
    `${units.sql}${parts.map((part) => `, ${part.ctes}`).join('')} ${[COUNTS_SQL, ...parts.map((part) => part.select)].join(' UNION ALL ')}`,
    values,
  );
  const count = (what: string, variation?: string) =>
    rows.find((row) => row.what === what && (variation === undefined || row.variation === variation))?.n ?? 0;
  const observed = experiment.variations.map((variation) => count('variation', variation));
  const results = metrics.map((metric, index) => {
    const stats = experiment.variations.map((variation, position) => {
      const row = rows.find((each) => each.what === 'metric' && each.metric === index && each.variation === variation);
      if (metric.kind === 'conversion') return conversionRow(variation, observed[position]!, row?.n ?? 0);
      const users = row?.with_value ?? 0;
      return meanRow(variation, observed[position]!, {
        users,
        mean: users ? row!.mean! : NaN,
        variance: users > 1 ? row!.variance! : NaN,
      });
    });
    return compareWithControl(metric, stats);
  });
  const included = observed.reduce((sum, n) => sum + n, 0);
  return experimentAnswer(
    experiment,
    {
      included,
      excludedForced: count('forced'),
      excludedMultipleVariations: count('multiple'),
      excludedUnknownVariation: count('unknown'),
    },
    observed,
    results,
  );
}
