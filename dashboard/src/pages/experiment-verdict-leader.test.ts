import { describe, expect, it } from 'vitest';
import type { Comparison, MetricResult } from './experiment-verdict.ts';
import { leadingMetric } from './experiment-verdict-leader.ts';

const comparison = (relative: number | null, sequentialPValue: number | null): Comparison => ({
  statistic: 2,
  pValue: sequentialPValue,
  sequentialPValue,
  standardError: 0.01,
  absoluteLift: { estimate: relative === null ? null : relative / 10, lower: null, upper: null },
  relativeLift: { estimate: relative, lower: null, upper: null },
});
/** A metric whose variations B and C have these comparisons with the control. */
const metric = (name: string, b?: Comparison, c?: Comparison): MetricResult => ({
  metric: name,
  kind: 'conversion',
  event: name,
  variations: [
    { variation: 'control', users: 100 },
    { variation: 'B', users: 100, ...(b ? { comparison: b } : {}) },
    ...(c ? [{ variation: 'C', users: 100, comparison: c }] : []),
  ],
});
const pick = (metrics: MetricResult[]) => {
  const leader = leadingMetric({ control: 'control', metrics });
  return leader && [leader.metric.metric, leader.variation, leader.basis];
};

describe('leadingMetric', () => {
  it.each([
    [
      'the largest significant relative lift, across metrics and variations',
      [metric('won', comparison(0.1, 0.01)), metric('created', comparison(0.05, 0.01), comparison(0.3, 0.02))],
      ['created', 'C', 'significant'],
    ],
    [
      'a significant loss larger than any win',
      [metric('won', comparison(0.1, 0.01)), metric('created', comparison(-0.4, 0.001))],
      ['created', 'B', 'significant'],
    ],
    [
      'a large lift that is not significant loses to a small significant one',
      [metric('won', comparison(0.9, 0.2)), metric('created', comparison(0.02, 0.04))],
      ['created', 'B', 'significant'],
    ],
    [
      'nothing significant: the primary metric, its variation furthest from the control',
      [metric('won', comparison(0.05, 0.3), comparison(-0.2, 0.5)), metric('created', comparison(0.9, 0.2))],
      ['won', 'C', 'primary'],
    ],
    [
      'no comparison yet: the primary metric anyway',
      [metric('won'), metric('created', comparison(null, null))],
      ['won', 'B', 'primary'],
    ],
    ['no metric at all', [], undefined],
  ])('%s', (_title, metrics, expected) => {
    expect(pick(metrics)).toEqual(expected);
  });
});
