import { describe, expect, it } from 'vitest';
import { evaluateFlag } from './evaluate-flag.ts';
import { hash } from './hash.ts';
import type { FlagsConfig, Overrides } from './types.ts';

const config: FlagsConfig = {
  flags: {
    'dark-mode': { type: 'boolean', defaultValue: false },
    'kill-switch': { type: 'boolean', defaultValue: true, rules: [{ id: 'off', force: false }] },
    'beta-banner': {
      type: 'string',
      defaultValue: 'none',
      rules: [
        { id: 'staff', condition: { role: 'staff' }, force: 'staff-banner' },
        { id: 'half', force: 'rollout-banner', coverage: 0.5, hashVersion: 2 },
      ],
    },
    'page-size': {
      type: 'number',
      defaultValue: 20,
      rules: [{ id: 'eu', condition: { country: { $in: ['DE', 'FR'] }, appVersion: { $vgte: '2.0.0' } }, force: 50 }],
    },
    'pipeline-layout': {
      type: 'string',
      defaultValue: 'control',
      rules: [
        {
          id: 'exp',
          key: 'pipeline-layout',
          variations: ['control', 'B'],
          meta: [{ key: 'control' }, { key: 'B' }],
          weights: [0.5, 0.5],
          hashVersion: 2,
        },
      ],
    },
    'menu-config': {
      type: 'json',
      defaultValue: { items: ['a'] },
      rules: [{ id: 'json', condition: { plan: 'pro' }, force: { items: ['a', 'b'] } }],
    },
  },
};

describe('evaluateFlag', () => {
  it.each([
    ['dark-mode', {}, undefined, false, 'default', ''],
    ['kill-switch', {}, undefined, false, 'force', 'off'],
    ['beta-banner', { id: 'u1', role: 'staff' }, undefined, 'staff-banner', 'rule', 'staff'],
    ['page-size', { country: 'DE', appVersion: '2.1.0' }, undefined, 50, 'rule', 'eu'],
    ['page-size', { country: 'DE', appVersion: '1.9.9' }, undefined, 20, 'default', ''],
    ['page-size', { country: 'US', appVersion: '3.0.0' }, undefined, 20, 'default', ''],
    ['menu-config', { plan: 'pro' }, undefined, { items: ['a', 'b'] }, 'rule', 'json'],
    ['nope', {}, undefined, null, 'missing', ''],
    ['dark-mode', {}, { flags: { 'dark-mode': true } }, true, 'override', ''],
    ['pipeline-layout', { id: 'anyone' }, { experiments: { 'pipeline-layout': 'B' } }, 'B', 'experiment', 'exp'],
    ['pipeline-layout', { id: 'anyone' }, { experiments: { 'pipeline-layout': 0 } }, 'control', 'experiment', 'exp'],
  ] as [string, Record<string, unknown>, Overrides | undefined, unknown, string, string][])(
    '%s for %j with overrides %j is %j from %s (rule %s)',
    (key, attributes, overrides, value, source, ruleId) => {
      const { detail } = evaluateFlag(key, config, attributes, overrides);
      expect(detail.value).toEqual(value);
      expect(detail.source).toBe(source);
      expect(detail.ruleId).toBe(ruleId);
      expect(detail.forced).toBe(overrides !== undefined);
    },
  );

  it('puts about half the users in the rollout and the rest on the default, by hash', () => {
    const sources = new Map<string, number>();
    for (let index = 0; index < 2000; index++) {
      const { detail } = evaluateFlag('beta-banner', config, { id: `user-${index}` });
      sources.set(detail.source, (sources.get(detail.source) ?? 0) + 1);
      if (detail.source === 'rollout') expect(detail.hashUsed).toBe(true);
    }
    expect(sources.get('rollout')).toBeGreaterThan(900);
    expect(sources.get('default')).toBeGreaterThan(900);
  });

  it('assigns experiment variations by hash and reports the assignment', () => {
    const { value, detail } = evaluateFlag('pipeline-layout', config, { id: 'user-42' });
    expect(detail.source).toBe('experiment');
    expect(detail.hashUsed).toBe(true);
    expect(detail.forced).toBe(false);
    expect(detail.experiment).toMatchObject({ key: 'pipeline-layout', hashAttribute: 'id', hashValue: 'user-42' });
    expect(detail.experiment?.variationKey).toBe(value);
  });

  it('treats flag and experiment keys named like Object.prototype members as ordinary keys', () => {
    const odd: FlagsConfig = {
      flags: {
        constructor: {
          type: 'string' as const,
          defaultValue: 'd',
          rules: [{ variations: ['x', 'y'], hashVersion: 2 }],
        },
      },
    };
    expect(evaluateFlag('constructor', odd, { id: 'u1' }, { experiments: {} }).detail).toMatchObject({
      source: 'experiment',
      forced: false,
      hashUsed: true,
    });
    expect(evaluateFlag('toString', odd, { id: 'u1' }, { flags: {} }).detail.source).toBe('missing');
  });

  it('leaves users without a hash attribute out of experiments', () => {
    expect(evaluateFlag('pipeline-layout', config, {}).detail.source).toBe('default');
  });

  it('marks values decided under simulated attributes as forced', () => {
    const { detail } = evaluateFlag(
      'beta-banner',
      config,
      { id: 'u', role: 'user' },
      { attributes: { role: 'staff' } },
    );
    expect(detail).toMatchObject({ value: 'staff-banner', source: 'rule', forced: true });
  });
});

describe('sticky bucketing', () => {
  const experiment = (weights: number[], bucketVersion?: number, minBucketVersion?: number): FlagsConfig => ({
    flags: {
      exp: {
        type: 'string',
        defaultValue: 'off',
        rules: [
          {
            key: 'exp',
            variations: ['a', 'b'],
            meta: [{ key: 'a' }, { key: 'b' }],
            weights,
            hashVersion: 2,
            bucketVersion,
            minBucketVersion,
          },
        ],
      },
    },
  });

  it('keeps a user on their variation when the weights change, and returns the doc to save', () => {
    const first = evaluateFlag('exp', experiment([1, 0]), { id: 'u1' }, undefined, { stickyBucketDocs: {} });
    expect(first.value).toBe('a');
    expect(first.stickyBucketDoc).toEqual({ attributeName: 'id', attributeValue: 'u1', assignments: { exp__0: 'a' } });
    const docs = { 'id||u1': first.stickyBucketDoc! };
    const later = evaluateFlag('exp', experiment([0, 1]), { id: 'u1' }, undefined, { stickyBucketDocs: docs });
    expect(later.value).toBe('a');
    expect(later.detail.experiment?.stickyBucketUsed).toBe(true);
    expect(later.stickyBucketDoc).toBeUndefined();
    const without = evaluateFlag('exp', experiment([0, 1]), { id: 'u1' });
    expect(without.value).toBe('b');
  });

  it('re-buckets on a new bucket version and excludes users from blocked versions', () => {
    const docs = { 'id||u1': { attributeName: 'id', attributeValue: 'u1', assignments: { exp__0: 'a' } } };
    expect(evaluateFlag('exp', experiment([0, 1], 1), { id: 'u1' }, undefined, { stickyBucketDocs: docs }).value).toBe(
      'b',
    );
    const blocked = evaluateFlag('exp', experiment([0, 1], 1, 1), { id: 'u1' }, undefined, { stickyBucketDocs: docs });
    expect(blocked.detail.source).toBe('default');
  });
});

describe('rollout boundaries', () => {
  const rollout = (coverage: number): FlagsConfig => ({
    flags: { f: { type: 'boolean', defaultValue: false, rules: [{ id: 'r', force: true, coverage, hashVersion: 2 }] } },
  });
  const n = hash('f', 'user-7', 2)!;

  it.each([
    [n, 'rollout'],
    [n - 0.0001, 'default'],
    [0, 'default'],
    [1, 'rollout'],
  ])(
    'coverage %d puts a user hashed at the boundary in %s (GrowthBook includes hash <= coverage)',
    (coverage, source) => {
      expect(evaluateFlag('f', rollout(coverage), { id: 'user-7' }).detail.source).toBe(source);
    },
  );
});
