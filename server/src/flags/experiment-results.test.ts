import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../storage/types.ts';
import { analyseExperiment, parseMetric } from './experiment-results.ts';
import { isOverridden } from './is-overridden.ts';

const experiment = {
  key: 'exp',
  flag: 'f',
  ruleId: 'r',
  variations: ['a', 'b', 'c'],
  weights: [0.5, 0.25, 0.25],
  hashAttribute: 'id',
  active: true,
};

function stored(patch: Partial<StoredEvent> & Record<string, unknown>): StoredEvent {
  return {
    id: 'x',
    type: 'track',
    ts: 1,
    correctedTs: 1,
    receivedAt: 1,
    sessionId: 's',
    anonymousId: 'anon',
    ...patch,
  } as StoredEvent;
}

describe('parseMetric', () => {
  it.each([
    ['conversion:Deal Won', { kind: 'conversion', event: 'Deal Won' }],
    ['conversion:Checkout: Paid', { kind: 'conversion', event: 'Checkout: Paid' }],
    ['mean:value:Deal Won', { kind: 'mean', property: 'value', event: 'Deal Won' }],
    ['mean:value:Stage: Won', { kind: 'mean', property: 'value', event: 'Stage: Won' }],
    ['mean:value', undefined],
    ['sum:value:x', undefined],
    ['conversion:', undefined],
  ])('%s → %j', (text, expected) => {
    expect(parseMetric(text)).toEqual(expected);
  });
});

describe('isOverridden', () => {
  it.each([
    [{ props: { forced: true } }, true],
    [{ props: { forced: false } }, false],
    [{ context: { overridden: true } }, true],
    [{ tags: ['overridden'] }, true],
    [{ tags: ['forced'] }, true],
    [{ tags: ['other'] }, false],
    [{}, false],
  ])('%j → %s', (patch, expected) => {
    expect(isOverridden(stored(patch))).toBe(expected);
  });
});

describe('analyseExperiment', () => {
  it('answers an experiment without traffic with zero users and undefined (NaN → null) statistics, not an error', () => {
    const result = analyseExperiment(experiment, [], new Map(), [
      { kind: 'conversion', event: 'E' },
      { kind: 'mean', event: 'E', property: 'v' },
    ]);
    expect(result.users).toEqual({
      included: 0,
      excludedForced: 0,
      excludedMultipleVariations: 0,
      excludedUnknownVariation: 0,
    });
    expect(result.srm.observed).toEqual([0, 0, 0]);
    const json = JSON.parse(JSON.stringify(result));
    expect(json.srm.pValue).toBeNull();
    expect(json.metrics[0].variations[1].comparison.pValue).toBeNull();
    expect(json.metrics[1].variations[2].comparison.pValue).toBeNull();
  });

  it('compares every variation with the first, against uneven intended weights, and counts unknown variations', () => {
    const exposures = ['a', 'a', 'b', 'c', 'z'].map((variation, index) =>
      stored({
        type: 'exposure',
        anonymousId: `u${index}`,
        props: { experiment: 'exp', variation, hashAttribute: 'id', hashValue: `u${index}` },
      }),
    );
    const other = stored({
      type: 'exposure',
      anonymousId: 'q',
      props: { experiment: 'another', variation: 'a', hashValue: 'q' },
    });
    const result = analyseExperiment(experiment, [...exposures, other], new Map(), []);
    expect(result.users).toMatchObject({ included: 4, excludedUnknownVariation: 1 });
    expect(result.srm).toMatchObject({
      observed: [2, 1, 1],
      expected: [2, 1, 1],
      chiSquare: 0,
      pValue: 1,
      mismatch: false,
    });
  });

  it('links conversions through userId as well as anonymousId', () => {
    const exposure = stored({
      type: 'exposure',
      anonymousId: 'device-1',
      userId: 'alice',
      correctedTs: 10,
      props: { experiment: 'exp', variation: 'b', hashAttribute: 'id', hashValue: 'alice' },
    });
    const laterOnAnotherDevice = stored({ name: 'E', anonymousId: 'device-2', userId: 'alice', correctedTs: 20 });
    const result = analyseExperiment(experiment, [exposure], new Map([['E', [laterOnAnotherDevice]]]), [
      { kind: 'conversion', event: 'E' },
    ]);
    expect(result.metrics[0]!.variations.map((row) => row.conversions)).toEqual([0, 1, 0]);
  });
});
