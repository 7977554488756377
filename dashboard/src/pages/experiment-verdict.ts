import type {
  ExperimentResults as ServerExperimentResults,
  MetricResult as ServerMetricResult,
  VariationResult as ServerVariationResult,
} from '../../../server/src/flags/experiment-results.ts';

/**
 * The server's number as it arrives in JSON: an undefined quantity (no users, a zero control rate) is NaN on the
 * server, and JSON.stringify writes NaN as null (https://tc39.es/ecma262/#sec-serializejsonproperty).
 */
type FromJson<T> = T extends number ? number | null : T extends object ? { [K in keyof T]: FromJson<T[K]> } : T;

/** The comparison of one variation against the control, as `GET /api/experiments/results` answers it. */
export type Comparison = FromJson<NonNullable<ServerVariationResult['comparison']>>;

/** One variation's figures for one metric, with its comparison as JSON carries it. */
type VariationResult = Omit<ServerVariationResult, 'comparison'> & { comparison?: Comparison };

/** One metric's results per variation. */
export type MetricResult = Omit<ServerMetricResult, 'variations'> & { variations: VariationResult[] };

/** The whole answer of `GET /api/experiments/results`: the server's type, with JSON's nulls where it has NaN. */
export type ExperimentResults = Omit<ServerExperimentResults, 'metrics' | 'srm'> & {
  srm: Omit<ServerExperimentResults['srm'], 'pValue'> & { pValue: number | null };
  metrics: MetricResult[];
};

/** Significance level of the verdicts: a sequential p-value below it is conclusive. */
export const ALPHA = 0.05;

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
