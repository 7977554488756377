import type { ExperimentSummary } from '../../../shared/flags/list-experiments.ts';
import { twoProportionZTest } from '../../../shared/stats/proportion-test.ts';
import { defaultMixingVariance, msprtPValue } from '../../../shared/stats/sequential.ts';
import { sampleRatioMismatch } from '../../../shared/stats/sample-ratio-mismatch.ts';
import type { SampleRatioCheck } from '../../../shared/stats/sample-ratio-mismatch.ts';
import { summarize, welchTTest } from '../../../shared/stats/welch-t-test.ts';
import type { MeanSample } from '../../../shared/stats/welch-t-test.ts';
import type { Comparison } from '../../../shared/stats/proportion-test.ts';
import type { StoredEvent } from '../storage/types.ts';
import { assignUnits } from './experiment-units.ts';
import type { Unit } from './experiment-units.ts';
import { isOverridden } from './is-overridden.ts';

/** A metric to analyse: conversion (did the user fire `event` after exposure) or the mean of a numeric property. */
export type MetricSpec = { kind: 'conversion'; event: string } | { kind: 'mean'; event: string; property: string };

/** One variation's figures for one metric, with its comparison against the control when it is not the control. */
export interface VariationResult {
  variation: string;
  users: number;
  conversions?: number;
  rate?: number;
  mean?: number;
  variance?: number;
  /** Users with at least one value (mean metrics: the users the mean is over). */
  usersWithValue?: number;
  comparison?: Comparison & { degreesOfFreedom?: number; sequentialPValue: number };
}

/** One metric's results. */
export interface MetricResult {
  metric: string;
  kind: MetricSpec['kind'];
  event: string;
  property?: string;
  variations: VariationResult[];
}

/** The whole answer of `GET /experiments/results`. */
export interface ExperimentResults {
  experiment: string;
  control: string;
  variations: string[];
  weights: number[];
  users: {
    included: number;
    excludedForced: number;
    excludedMultipleVariations: number;
    excludedUnknownVariation: number;
  };
  srm: SampleRatioCheck & { observed: number[] };
  metrics: MetricResult[];
}

/** Parses `conversion:<event>` or `mean:<property>:<event>` (the event name may itself contain colons). */
export function parseMetric(text: string): MetricSpec | undefined {
  const conversion = /^conversion:(.+)$/.exec(text);
  if (conversion) return { kind: 'conversion', event: conversion[1]! };
  const mean = /^mean:([^:]+):(.+)$/.exec(text);
  if (mean) return { kind: 'mean', property: mean[1]!, event: mean[2]! };
  return undefined;
}

/**
 * Analyses an experiment from its exposure events and the metric events. The unit is the hashed user
 * (`props.hashAttribute` + `props.hashValue`, else the anonymous id), counted from their first exposure; forced
 * exposures, overridden events, users seen in more than one variation and unknown variations are excluded.
 * A metric event belongs to a user through the exposures' `userId` or `anonymousId`, and counts only at or after
 * that user's first exposure.
 */
export function analyseExperiment(
  experiment: ExperimentSummary,
  exposures: readonly StoredEvent[],
  metricEvents: ReadonlyMap<string, readonly StoredEvent[]>,
  metrics: readonly MetricSpec[],
): ExperimentResults {
  const { units, identities, excludedForced, excludedUnknownVariation } = assignUnits(experiment, exposures);
  const included = [...units].filter(([, unit]) => !unit.multiple);
  const perVariation = experiment.variations.map((variation) =>
    included.filter(([, unit]) => unit.variation === variation),
  );
  const observed = perVariation.map((list) => list.length);
  const unitOf = (event: StoredEvent) =>
    identities.get(`user:${event.userId}`) ?? identities.get(`anon:${event.anonymousId}`);
  const includedUnits = new Map(included);

  const results: MetricResult[] = metrics.map((metric) => {
    const values = valuesByUnit(metric, metricEvents.get(metric.event) ?? [], unitOf, includedUnits);
    return compareWithControl(metric, variationRows(metric, experiment.variations, perVariation, values));
  });

  const users = {
    included: included.length,
    excludedForced,
    excludedMultipleVariations: units.size - included.length,
    excludedUnknownVariation,
  };
  return experimentAnswer(experiment, users, observed, results);
}

/**
 * Each included unit's values of one metric, by unit key: 1 per conversion event, or each finite value of the
 * property, from the metric's own, not overridden events at or after the unit's first exposure.
 */
function valuesByUnit(
  metric: MetricSpec,
  events: readonly StoredEvent[],
  unitOf: (event: StoredEvent) => string | undefined,
  includedUnits: ReadonlyMap<string, Unit>,
): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const event of events) {
    if (event.name !== metric.event || isOverridden(event)) continue;
    const key = unitOf(event);
    const unit = key ? includedUnits.get(key) : undefined;
    if (!key || !unit || event.correctedTs < unit.firstExposure) continue;
    const list = values.get(key) ?? [];
    if (metric.kind === 'conversion') list.push(1);
    else {
      const value = (event as { props?: Record<string, unknown> }).props?.[metric.property];
      if (typeof value === 'number' && Number.isFinite(value)) list.push(value);
    }
    values.set(key, list);
  }
  return values;
}

/** One metric's row per variation, from the included units of each variation and their values. */
function variationRows(
  metric: MetricSpec,
  variations: readonly string[],
  perVariation: readonly (readonly [string, Unit])[][],
  values: ReadonlyMap<string, number[]>,
): VariationResult[] {
  return variations.map((variation, index) => {
    const members = perVariation[index]!;
    if (metric.kind === 'conversion')
      return conversionRow(
        variation,
        members.length,
        members.filter(([key]) => (values.get(key)?.length ?? 0) > 0).length,
      );
    // Each user counts once, with the mean of their own values, so heavy users do not dominate.
    const userMeans = members.flatMap(([key]) => {
      const list = values.get(key);
      return list?.length ? [list.reduce((sum, value) => sum + value, 0) / list.length] : [];
    });
    return meanRow(variation, members.length, summarize(userMeans));
  });
}

/** A conversion metric's row for one variation: users, converted users and their share. */
export function conversionRow(variation: string, users: number, conversions: number): VariationResult {
  return { variation, users, conversions, rate: conversions / users };
}

/** A mean metric's row for one variation from the per-user means' count, mean and sample variance. */
export function meanRow(variation: string, users: number, summary: MeanSample): VariationResult {
  return { variation, users, usersWithValue: summary.users, mean: summary.mean, variance: summary.variance };
}

/** One metric's result: its label, and every variation after the first compared with the first (the control). */
export function compareWithControl(metric: MetricSpec, rows: VariationResult[]): MetricResult {
  const control = rows[0]!;
  for (const row of rows.slice(1)) {
    if (metric.kind === 'conversion') {
      const comparison = twoProportionZTest(
        { users: control.users, conversions: control.conversions! },
        { users: row.users, conversions: row.conversions! },
      );
      const sequentialPValue = msprtPValue(
        comparison.absoluteLift.estimate,
        comparison.standardError ** 2,
        defaultMixingVariance(control.rate!),
      );
      row.comparison = { ...comparison, sequentialPValue };
    } else {
      const comparison = welchTTest(
        { users: control.usersWithValue!, mean: control.mean!, variance: control.variance! },
        { users: row.usersWithValue!, mean: row.mean!, variance: row.variance! },
      );
      const sequentialPValue = msprtPValue(
        comparison.absoluteLift.estimate,
        comparison.standardError ** 2,
        defaultMixingVariance(control.mean!),
      );
      row.comparison = { ...comparison, sequentialPValue };
    }
  }
  const label = metric.kind === 'conversion' ? `conversion:${metric.event}` : `mean:${metric.property}:${metric.event}`;
  return {
    metric: label,
    kind: metric.kind,
    event: metric.event,
    ...(metric.kind === 'mean' ? { property: metric.property } : {}),
    variations: rows,
  };
}

/** The whole answer from the unit counts, the included units per variation (for SRM) and the metric results. */
export function experimentAnswer(
  experiment: ExperimentSummary,
  users: ExperimentResults['users'],
  observed: number[],
  metrics: MetricResult[],
): ExperimentResults {
  return {
    experiment: experiment.key,
    control: experiment.variations[0]!,
    variations: experiment.variations,
    weights: experiment.weights,
    users,
    srm: { ...sampleRatioMismatch(observed, experiment.weights), observed },
    metrics,
  };
}
