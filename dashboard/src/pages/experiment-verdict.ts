/** The comparison of one variation against the control, as `GET /api/experiments/results` answers it. */
export interface Comparison {
  pValue: number | null;
  sequentialPValue: number | null;
  absoluteLift: { estimate: number | null; lower: number | null; upper: number | null };
  relativeLift: { estimate: number | null; lower: number | null; upper: number | null };
}

/** One metric's results per variation. */
export interface MetricResult {
  metric: string;
  kind: 'conversion' | 'mean';
  event: string;
  property?: string;
  variations: {
    variation: string;
    users: number;
    conversions?: number;
    rate?: number;
    mean?: number;
    usersWithValue?: number;
    comparison?: Comparison;
  }[];
}

/** The whole answer of `GET /api/experiments/results`. */
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
  srm: { pValue: number | null; mismatch: boolean; expected: number[]; observed: number[] };
  metrics: MetricResult[];
}

const ALPHA = 0.05;

/**
 * The plain-language verdict for one variation on one metric. It trusts the always-valid sequential p-value
 * (peeking every day does not inflate errors), and refuses to judge when assignment is broken (SRM).
 */
export function verdictOf(
  results: Pick<ExperimentResults, 'srm' | 'control'>,
  metric: MetricResult,
  variation: string,
  comparison: Comparison | undefined,
): string {
  if (results.srm.mismatch) return 'sample ratio mismatch: do not trust these numbers';
  if (!comparison || comparison.absoluteLift.estimate === null || comparison.sequentialPValue === null)
    return 'keep running: not enough data to compare yet';
  const scale = metric.kind === 'conversion' ? 100 : 1;
  const unit = metric.kind === 'conversion' ? ' points' : '';
  const number = (value: number | null) => (value === null ? '?' : (value * scale).toFixed(1));
  const lift = comparison.absoluteLift.estimate * scale;
  const what = metric.kind === 'conversion' ? metric.event : `mean ${metric.property} of ${metric.event}`;
  const interval = `95% CI ${number(comparison.absoluteLift.lower)} to ${number(comparison.absoluteLift.upper)}`;
  if (comparison.sequentialPValue >= ALPHA)
    return `keep running: ${variation} vs ${results.control} on ${what} is ${lift >= 0 ? '+' : ''}${lift.toFixed(1)}${unit} so far (${interval}), not yet conclusive`;
  return `${variation} ${lift > 0 ? 'leads' : 'trails'} on ${what} by ${lift > 0 ? '+' : ''}${lift.toFixed(1)}${unit}, ${interval}`;
}
