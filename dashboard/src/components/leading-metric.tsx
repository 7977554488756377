import type { RunningExperiment } from '../../../server/src/routes/experiments.ts';
import { verdictOf } from '../pages/experiment-verdict.ts';
import type { ExperimentResults } from '../pages/experiment-verdict.ts';
import { LEADING_METRIC_CANDIDATES, leadingMetric, PRIMARY_METRIC } from '../pages/experiment-verdict-leader.ts';

/** What `GET /api/experiments/running` answers, with JSON's nulls where the server has NaN. */
export interface RunningExperimentsAnswer {
  experiments: (Omit<RunningExperiment, 'results'> & { results: ExperimentResults })[];
}

const WHY = {
  significant: `the metric with the largest significant lift (always-valid sequential p < 0.05, relative lift) among ${LEADING_METRIC_CANDIDATES.join(', ')}`,
  primary: `no metric has a significant lift yet, so this is the primary metric (${PRIMARY_METRIC}) with its current lift and 95% CI`,
} as const;

/**
 * One running experiment's leading metric on the Overview: its plain-language verdict (lift and 95% CI), with
 * why this metric was picked shown beside it and in the tooltip. `results` are read for every running experiment
 * at once by `GET /api/experiments/running` with the candidates as metrics.
 */
export function LeadingMetricLine({ results }: { results: ExperimentResults }) {
  if (results.users.included === 0) return <span class="muted">no exposures in this range yet</span>;
  const leader = leadingMetric(results);
  if (!leader) return <span class="muted">no metric to compare yet</span>;
  return (
    <span class="leading-metric" title={`Leading metric: ${WHY[leader.basis]}.`} data-basis={leader.basis}>
      <span data-figure="leading-metric" data-metric={leader.metric.metric}>
        {verdictOf(results, leader.metric, leader.variation, leader.comparison)}
      </span>{' '}
      <span class={leader.basis === 'significant' ? 'badge good' : 'badge'}>
        {leader.basis === 'significant' ? 'largest significant lift' : 'primary metric'}
      </span>
    </span>
  );
}
