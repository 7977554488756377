import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './alert-conditions.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertSignals } from './alert-signals.ts';

const NOW = Date.UTC(2026, 11, 6, 12);

/** Signals answering from fixed figures: the conditions are pure decisions over them. */
function signals(overrides: Partial<AlertSignals> = {}): AlertSignals {
  return {
    errorGroups: async () => [
      { fingerprint: 'fp-new', message: 'new one', count: 3, baselineCount: 0, regressed: false },
      { fingerprint: 'fp-steady', message: 'steady', count: 5, baselineCount: 1440, regressed: false },
      { fingerprint: 'fp-back', message: 'back again', count: 20, baselineCount: 288, regressed: true },
    ],
    vitalsP75: async () => [
      { route: '/contacts', p75: 3100, count: 40 },
      { route: '/deals', p75: 1200, count: 40 },
      { route: '/reports', p75: 9000, count: 2 },
      { route: '/contacts/:id', p75: 2600, count: 10 },
    ],
    nps: async (since) => (since >= NOW - 7 * 86_400_000 ? { score: 20, responses: 30 } : { score: 45, responses: 30 }),
    experimentExposures: async () => [
      { experiment: 'checkout', variations: ['a', 'b'], weights: [0.5, 0.5], observed: [1000, 800] },
      { experiment: 'search', variations: ['a', 'b'], weights: [0.5, 0.5], observed: [500, 505] },
    ],
    metricAverage: async (name) =>
      ({
        client_dropped_per_minute: 150,
        ingest_5xx_per_second: 1,
        ingest_429_per_second: 0.1,
        ingest_requests_per_second: 10,
        health_score: 55,
      })[name],
    ...overrides,
  };
}

function rule(kind: AlertRule['kind'], extra: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'r',
    name: 'r',
    kind,
    cooldownMinutes: 60,
    enabled: true,
    channels: [],
    source: 'api',
    updatedAt: NOW,
    ...extra,
  };
}

describe('alert conditions', () => {
  it.each([
    [rule('error.new'), ['fp-new']],
    [rule('error.new', { minCount: 5 }), []],
    // fp-back: 20 in 5 min against 288 a day (1 per 5 min) is 20x; fp-steady: 5 per 5 min is its usual rate.
    [rule('error.spike'), ['fp-back']],
    [rule('error.spike', { threshold: 25 }), []],
    [rule('error.regression'), ['fp-back']],
    [rule('vitals.p75'), ['LCP /contacts', 'LCP /contacts/:id']],
    // A rule naming one page watches its route template.
    [rule('vitals.p75', { route: '/contacts/42' }), ['LCP /contacts/:id']],
    [rule('vitals.p75', { route: '/deals' }), []],
    [rule('vitals.p75', { minCount: 1, threshold: 5000 }), ['LCP /reports']],
    [rule('nps.drop'), ['nps']],
    [rule('nps.drop', { threshold: 30 }), []],
    [rule('nps.drop', { minCount: 31 }), []],
    [rule('experiment.srm'), ['checkout']],
    [rule('client.drops'), ['client']],
    [rule('client.drops', { threshold: 200 }), []],
    [rule('ingest.errors'), ['5xx']],
    [rule('ingest.errors', { metric: '429' }), []],
    [rule('ingest.errors', { metric: '429', threshold: 0.005 }), ['429']],
    [rule('health.score'), ['health']],
    [rule('health.score', { threshold: 50 }), []],
  ])('%j fires for %j', async (alert, keys) => {
    const firings = await evaluateCondition(alert, signals(), NOW);
    expect(firings.map((firing) => firing.key)).toEqual(keys);
    for (const firing of firings) expect(firing.summary.length).toBeGreaterThan(10);
  });

  it('fires nothing without data', async () => {
    const empty = signals({
      errorGroups: async () => [],
      vitalsP75: async () => [],
      nps: async () => ({ score: null, responses: 0 }),
      experimentExposures: async () => [],
      metricAverage: async () => undefined,
    });
    for (const kind of [
      'error.new',
      'error.spike',
      'vitals.p75',
      'nps.drop',
      'experiment.srm',
      'client.drops',
      'ingest.errors',
      'health.score',
    ] as const) {
      expect(await evaluateCondition(rule(kind), empty, NOW), kind).toEqual([]);
    }
  });
});
