import { chiSquareSurvival } from './distributions.ts';

/** The result of a sample-ratio-mismatch check. */
export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Users each variation should have had under the intended weights. */
  expected: number[];
  /** Whether `pValue` is below the threshold: assignment or tracking is broken, results are not trustworthy. */
  mismatch: boolean;
}

/**
 * Pearson's chi-square goodness-of-fit of the observed users per variation against the intended weights (which
 * are normalized). The threshold defaults to 0.001, the usual SRM alarm level: a mismatch that strong is a bug,
 * not chance.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  threshold = 0.001,
): SampleRatioCheck {
  const total = observed.reduce((sum, count) => sum + count, 0);
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  const expected = weights.map((weight) => (total * weight) / weightTotal);
  const chiSquare = observed.reduce((sum, count, index) => sum + (count - expected[index]!) ** 2 / expected[index]!, 0);
  const degreesOfFreedom = observed.length - 1;
  const pValue = total > 0 ? chiSquareSurvival(chiSquare, degreesOfFreedom) : NaN;
  return { chiSquare, degreesOfFreedom, pValue, expected, mismatch: pValue < threshold };
}
