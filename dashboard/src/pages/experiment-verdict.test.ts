import { describe, expect, it } from 'vitest';
import { verdictOf } from './experiment-verdict.ts';
import type { Comparison, MetricResult } from './experiment-verdict.ts';

const metric: MetricResult = { metric: 'conversion:Deal Won', kind: 'conversion', event: 'Deal Won', variations: [] };
const comparison = (estimate: number, lower: number, upper: number, sequentialPValue: number): Comparison => ({
  statistic: 2,
  pValue: sequentialPValue / 2,
  sequentialPValue,
  standardError: 0.01,
  absoluteLift: { estimate, lower, upper },
  relativeLift: { estimate: 0, lower: 0, upper: 0 },
});
const ok = {
  control: 'control',
  srm: { chiSquare: 0.4, degreesOfFreedom: 1, pValue: 0.5, mismatch: false, expected: [], observed: [] },
};

describe('verdictOf', () => {
  it.each([
    ['a clear win', ok, comparison(0.031, 0.012, 0.05, 0.01), 'B leads on Deal Won by +3.1 points, 95% CI 1.2 to 5.0'],
    [
      'a clear loss',
      ok,
      comparison(-0.02, -0.035, -0.005, 0.02),
      'B trails on Deal Won by -2.0 points, 95% CI -3.5 to -0.5',
    ],
    [
      'not yet conclusive',
      ok,
      comparison(0.01, -0.01, 0.03, 0.4),
      'keep running: B vs control on Deal Won is +1.0 points so far (95% CI -1.0 to 3.0), not yet conclusive',
    ],
    ['no data', ok, undefined, 'keep running: not enough data to compare yet'],
    [
      'a sample ratio mismatch',
      { ...ok, srm: { ...ok.srm, mismatch: true } },
      comparison(0.031, 0.012, 0.05, 0.01),
      'sample ratio mismatch: do not trust these numbers',
    ],
  ])('%s', (_title, results, given, expected) => {
    expect(verdictOf(results, metric, 'B', given)).toBe(expected);
  });
});
