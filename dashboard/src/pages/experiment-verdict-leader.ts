import { ALPHA } from './experiment-verdict.ts';
import type { Comparison, ExperimentResults, MetricResult } from './experiment-verdict.ts';

/** The metric an experiment is judged on first when nobody chose one: the CRM's conversion. */
export const PRIMARY_METRIC = 'conversion:Deal Won';

/** The metrics the Overview reads for every running experiment, the primary first. */
export const LEADING_METRIC_CANDIDATES: readonly string[] = [
  PRIMARY_METRIC,
  'conversion:Deal Created',
  'mean:value:Deal Won',
];

/** The figure the Overview shows for one experiment, and why that one. */
export interface LeadingMetric {
  metric: MetricResult;
  variation: string;
  comparison: Comparison | undefined;
  basis: 'significant' | 'primary';
}

const relative = (comparison: Comparison | undefined) => comparison?.relativeLift.estimate ?? null;

/**
 * The metric with the largest significant lift (relative, so conversions and means compare; either sign, so a
 * significant loss leads too), judged by the always-valid sequential p-value; when none is significant, the
 * primary metric (the first in the answer) with its variation furthest from the control.
 */
export function leadingMetric(results: Pick<ExperimentResults, 'control' | 'metrics'>): LeadingMetric | undefined {
  const candidates = results.metrics.flatMap((metric) =>
    metric.variations
      .filter((row) => row.variation !== results.control)
      .map((row) => ({ metric, variation: row.variation, comparison: row.comparison })),
  );
  const size = (candidate: (typeof candidates)[number]) => Math.abs(relative(candidate.comparison) ?? 0);
  const largest = (list: typeof candidates) =>
    list.reduce<(typeof candidates)[number] | undefined>(
      (best, each) => (!best || size(each) > size(best) ? each : best),
      undefined,
    );
  const significant = candidates.filter(
    (candidate) =>
      relative(candidate.comparison) !== null &&
      candidate.comparison?.sequentialPValue !== null &&
      candidate.comparison?.sequentialPValue !== undefined &&
      candidate.comparison.sequentialPValue < ALPHA,
  );
  const leader = largest(significant);
  if (leader) return { ...leader, basis: 'significant' };
  const primary = largest(candidates.filter((candidate) => candidate.metric === results.metrics[0]));
  return primary ? { ...primary, basis: 'primary' } : undefined;
}
