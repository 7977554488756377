import { verdictOf } from '../pages/experiment-verdict.ts';
import type { ExperimentResults } from '../pages/experiment-verdict.ts';
import { LEADING_METRIC_CANDIDATES, leadingMetric, PRIMARY_METRIC } from '../pages/experiment-verdict-leader.ts';
import { useApi } from '../use-api.ts';

const WHY = {
  significant: `the metric with the largest significant lift (always-valid sequential p < 0.05, relative lift) among ${LEADING_METRIC_CANDIDATES.join(', ')}`,
  primary: `no metric has a significant lift yet, so this is the primary metric (${PRIMARY_METRIC}) with its current lift and 95% CI`,
} as const;

/**
 * One running experiment's leading metric on the Overview: its plain-language verdict (lift and 95% CI), with
 * why this metric was picked shown beside it and in the tooltip. Reads `GET /api/experiments/results`.
 */
export function LeadingMetricLine({
  experiment,
  span,
}: {
  experiment: string;
  span: { since: number; until: number };
}) {
  const results = useApi<ExperimentResults>('/experiments/results', {
    experiment,
    metric: LEADING_METRIC_CANDIDATES,
    ...span,
  });
  if (results.status === 'loading') return <span class="state loading">reading results…</span>;
  if (results.status === 'error') return <span class="field-error">{results.error.message}</span>;
  if (results.data.users.included === 0) return <span class="muted">no exposures in this range yet</span>;
  const leader = leadingMetric(results.data);
  if (!leader) return <span class="muted">no metric to compare yet</span>;
  return (
    <span class="leading-metric" title={`Leading metric: ${WHY[leader.basis]}.`} data-basis={leader.basis}>
      <span data-figure="leading-metric" data-metric={leader.metric.metric}>
        {verdictOf(results.data, leader.metric, leader.variation, leader.comparison)}
      </span>{' '}
      <span class={leader.basis === 'significant' ? 'badge good' : 'badge'}>
        {leader.basis === 'significant' ? 'largest significant lift' : 'primary metric'}
      </span>
    </span>
  );
}
