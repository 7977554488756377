import { expect, it } from 'vitest';
import { computeFunnel } from './funnel.ts';
import type { FunnelEvent } from './funnel.ts';

const steps = ['a', 'b', 'c'];
const person = (...list: [string, number][]): FunnelEvent[] => list.map(([step, ts]) => ({ actor: 'p', ts, step }));

it.each<[string, FunnelEvent[], number[], { since?: number; until?: number }?]>([
  ['nobody', [], [0, 0, 0]],
  ['all steps in order', person(['a', 1], ['b', 2], ['c', 3]), [1, 1, 1]],
  ['the last step exactly at the window edge', person(['a', 0], ['b', 5], ['c', 10]), [1, 1, 1]],
  ['the last step just past the window', person(['a', 0], ['b', 5], ['c', 11]), [1, 1, 0]],
  ['steps out of order', person(['b', 1], ['a', 2], ['c', 3]), [1, 0, 0]],
  ['a repeated step between', person(['a', 1], ['a', 2], ['b', 3], ['b', 4], ['c', 5]), [1, 1, 1]],
  ['a later start that gets further', person(['a', 0], ['a', 20], ['b', 21], ['c', 22]), [1, 1, 1]],
  ['a start before the range', person(['a', 0], ['b', 1]), [0, 0, 0], { since: 1 }],
  ['a start at the range end', person(['a', 5], ['b', 6]), [0, 0, 0], { until: 5 }],
])('counts %s', (_label, events, counts, range) => {
  expect(computeFunnel(events, steps, 10, range).map((step) => step.count)).toEqual(counts);
});
