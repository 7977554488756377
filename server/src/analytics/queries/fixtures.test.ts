import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../storage/types.ts';
import { errorGroupQuery, errorGroupsQuery } from './error-groups.ts';
import { errorImpactQuery } from './error-impact.ts';
import { experimentResultsQuery } from './experiment-results.ts';
import { funnelQuery } from './funnel.ts';
import { openOracle, sameAnswer } from './oracle.ts';
import type { Oracle } from './oracle.ts';
import { retentionQuery } from './retention.ts';
import { vitalsQuery } from './vitals.ts';

// The fixtures of the existing read tests (analytics-routes.test.ts, experiment-results.test.ts and
// experiments.test.ts), answered in SQL: the hand-worked numbers must come out, and the same as the JS reads.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 2);
const PEOPLE = 'ABCDEF';
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;
let nextId = 1;
const at = (
  person: string,
  ts: number,
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  path = '/deals',
): StoredEvent =>
  ({
    id: uuid(3, nextId++),
    type,
    name,
    ts,
    correctedTs: ts,
    receivedAt: ts,
    sessionId: uuid(2, PEOPLE.indexOf(person) + 1),
    anonymousId: uuid(1, PEOPLE.indexOf(person) + 1),
    page: { url: `https://crm.test${path}`, path },
    props,
  }) as StoredEvent;
const steps = (person: string, ...list: [number, string][]) =>
  list.map(([ts, name]) => at(person, T + ts, 'track', name));
const vital = (person: string, name: string, id: string, value: number, rating: string, path?: string, ts = T + HOUR) =>
  at(person, ts, 'vital', name, { id, value, rating }, path);
const error = (person: string, ts: number, fingerprint: string, message: string, count: number) =>
  at(person, ts, 'error', 'TypeError', {
    kind: 'js',
    type: 'TypeError',
    message,
    fingerprint,
    count,
    handled: false,
    frames: [{ function: 'save', inApp: true }],
    breadcrumbs: [],
  });
const exposure = (person: string, ts: number, variation: string, forced = false) =>
  at(person, ts, 'exposure', 'pipeline-v2', {
    experiment: 'pipeline-v2',
    variation,
    ...(forced ? { forced: true } : {}),
  });

const ANALYTICS_FIXTURE = [
  ...steps('A', [HOUR, 'Signup'], [2 * HOUR, 'Deal Created'], [3 * HOUR, 'Deal Won']),
  ...steps('B', [HOUR, 'Signup'], [2 * HOUR, 'Deal Created'], [2 * DAY, 'Deal Won']),
  ...steps('C', [HOUR, 'Signup'], [2 * HOUR, 'Deal Won']),
  ...steps('D', [HOUR, 'Deal Created'], [2 * HOUR, 'Signup']),
  ...steps(
    'E',
    [HOUR, 'Signup'],
    [3 * DAY, 'Signup'],
    [3 * DAY + HOUR, 'Deal Created'],
    [3 * DAY + 2 * HOUR, 'Deal Won'],
  ),
  at('A', T + HOUR, 'page', 'Pipeline', { cause: 'load', route: '/deals' }),
  exposure('A', T, 'treatment', true),
  exposure('A', T + HOUR / 2, 'control'),
  exposure('B', T, 'treatment'),
  exposure('C', T, 'treatment'),
  exposure('D', T, 'control'),
  exposure('E', T, 'treatment'),
  exposure('E', T + 4 * DAY, 'control'),
  ...steps('C', [8 * DAY, 'Contact Viewed']),
  ...steps('A', [14 * DAY, 'Contact Viewed']),
  ...steps('F', [9 * DAY, 'Contact Viewed'], [15 * DAY, 'Contact Viewed']),
  vital('A', 'LCP', 'm1', 1800, 'good'),
  vital('A', 'LCP', 'm1', 2600, 'needs-improvement', '/deals', T + HOUR + 1),
  vital('B', 'LCP', 'm2', 1200, 'good'),
  vital('C', 'LCP', 'm3', 4500, 'poor'),
  vital('D', 'LCP', 'm4', 2000, 'good'),
  vital('A', 'INP', 'm5', 150, 'good'),
  vital('E', 'INP', 'm6', 600, 'poor'),
  vital('B', 'CLS', 'm7', 0.05, 'good', '/contacts'),
  error('A', T + HOUR, 'fp-a', 'x is undefined', 2),
  error('B', T + 2 * HOUR, 'fp-a', 'x is undefined', 1),
  error('A', T + 5 * HOUR, 'fp-a', 'x.y is undefined', 1),
  error('C', T + 3 * HOUR, 'fp-b', 'network down', 1),
  // Sent later in the route test (after fp-a was resolved): E hits fp-a too.
  error('E', T + 7 * HOUR, 'fp-a', 'x.y is undefined', 1),
];
const since = T;
const until = T + 21 * DAY;
const range = `since=${since}&until=${until}`;
const FUNNEL = ['Signup', 'Deal Created', 'Deal Won'];

describe('the analytics fixture', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle(ANALYTICS_FIXTURE);
  }, 60_000);
  afterAll(() => oracle.close());

  it.each<[string, string, (o: Oracle) => Promise<unknown>, (answer: never) => unknown, unknown]>([
    [
      'funnel',
      `/api/analytics/funnels?steps=${FUNNEL}&windowMs=${DAY}&${range}`,
      (o) => funnelQuery(o.db, { steps: FUNNEL, windowMs: DAY, since, until }),
      (answer: { result: { count: number }[] }) => answer.result.map((step) => step.count),
      [5, 3, 2],
    ],
    [
      'page funnel',
      `/api/analytics/funnels?steps=page:/deals,Deal Won&windowMs=${DAY}&${range}`,
      (o) => funnelQuery(o.db, { steps: ['page:/deals', 'Deal Won'], windowMs: DAY, since, until }),
      (answer: { result: { count: number }[] }) => answer.result.map((step) => step.count),
      [1, 1],
    ],
    [
      'funnel by variation',
      `/api/analytics/funnels?steps=${FUNNEL}&windowMs=${DAY}&experiment=pipeline-v2&${range}`,
      (o) => funnelQuery(o.db, { steps: FUNNEL, windowMs: DAY, since, until, experiment: 'pipeline-v2' }),
      (answer: { variations: { variation: string; result: { count: number; conversion: number }[] }[] }) =>
        answer.variations.map((each) => [each.variation, each.result.map((step) => [step.count, step.conversion])]),
      [
        [
          'control',
          [
            [2, 1],
            [1, 0.5],
            [1, 0.5],
          ],
        ],
        [
          'treatment',
          [
            [3, 1],
            [2, 0.6667],
            [1, 0.3333],
          ],
        ],
      ],
    ],
    [
      'retention',
      `/api/analytics/retention?${range}`,
      (o) => retentionQuery(o.db, { since, until }),
      (answer: { cohorts: unknown[] }) => answer.cohorts,
      [
        { week: '2026-11-02', size: 5, retained: [5, 1, 1], rates: [1, 0.2, 0.2] },
        { week: '2026-11-09', size: 1, retained: [1, 1], rates: [1, 1] },
      ],
    ],
    [
      'vitals',
      `/api/analytics/vitals?${range}`,
      (o) => vitalsQuery(o.db, { since, until }),
      (answer: { vitals: unknown[] }) => answer.vitals,
      [
        { path: '/contacts', metric: 'CLS', count: 1, p75: 0.05, good: 1, needsImprovement: 0, poor: 0 },
        { path: '/deals', metric: 'INP', count: 2, p75: 600, good: 0.5, needsImprovement: 0, poor: 0.5 },
        { path: '/deals', metric: 'LCP', count: 4, p75: 2600, good: 0.5, needsImprovement: 0.25, poor: 0.25 },
      ],
    ],
    [
      'error groups',
      `/api/errors/groups?${range}`,
      (o) => errorGroupsQuery(o.db, { since, until, statuses: [] }),
      (answer: {
        groups: { fingerprint: string; count: number; users: number; message: string; lastSeen: number }[];
      }) => answer.groups.map((group) => [group.fingerprint, group.count, group.users, group.message, group.lastSeen]),
      [
        ['fp-a', 5, 3, 'x.y is undefined', T + 7 * HOUR],
        ['fp-b', 1, 1, 'network down', T + 3 * HOUR],
      ],
    ],
    [
      'error impact',
      `/api/errors/groups/fp-a/impact?conversion=Deal Won&${range}`,
      (o) => errorImpactQuery(o.db, { fingerprint: 'fp-a', conversion: 'Deal Won', since, until }),
      (answer: unknown) => answer,
      {
        fingerprint: 'fp-a',
        conversionEvent: 'Deal Won',
        affected: { sessions: 3, conversion: 1, vitalsP75: { CLS: 0.05, INP: 600, LCP: 2600 } },
        unaffected: { sessions: 3, conversion: 0.3333, vitalsP75: { LCP: 4500 } },
      },
    ],
  ])('%s: the hand-worked answer, as today', async (_label, path, query, pick, expected) => {
    const [sql, js] = await Promise.all([query(oracle), oracle.route(path)]);
    expect(pick(sql as never)).toEqual(expected);
    expect(sameAnswer(sql, js)).toBeUndefined();
  });

  it('joins the owners’ decisions: resolved before the last occurrence is regressed; a group by fingerprint', async () => {
    const statuses = [{ fingerprint: 'fp-a', status: 'resolved' as const, statusChangedAt: T + 6 * HOUR }];
    expect((await errorGroupsQuery(oracle.db, { since, until, statuses, status: 'resolved' })).groups).toEqual([
      expect.objectContaining({ fingerprint: 'fp-a', status: 'resolved', regressed: true }),
    ]);
    expect(await errorGroupQuery(oracle.db, { fingerprint: 'fp-b', statuses })).toMatchObject({
      fingerprint: 'fp-b',
      status: 'open',
      count: 1,
      frames: [{ function: 'save', inApp: true }],
    });
    expect(await errorGroupQuery(oracle.db, { fingerprint: 'nope', statuses })).toBeUndefined();
  });
});

// experiments.test.ts: 150 users per variation, 30 control and 45 B converting after exposure, 10 control users
// converting only before it, 20 forced QA users, 5 conversions under an override, 4 users seen in both variations.
function experimentFixture(): StoredEvent[] {
  const NOW = 1_700_000_100_000;
  const events: StoredEvent[] = [];
  let id = 0;
  const push = (anonymousId: string, type: string, ts: number, extra: Partial<StoredEvent>) =>
    events.push({
      id: uuid(5, ++id),
      type,
      ts,
      correctedTs: ts,
      receivedAt: NOW,
      sessionId: anonymousId,
      anonymousId,
      ...extra,
    } as StoredEvent);
  const person = () => uuid(4, id + 1);
  const exposure = (who: string, variation: string, ts: number, forced = false) =>
    push(who, 'exposure', ts, {
      props: {
        experiment: 'pipeline-layout',
        variation,
        hashAttribute: 'id',
        hashValue: who,
        ...(forced ? { forced: true } : {}),
      },
    });
  const won = (who: string, ts: number, value: number, overridden = false) =>
    push(who, 'track', ts, {
      name: 'Deal Won',
      props: { value },
      ...(overridden ? { context: { overridden: true }, tags: ['overridden'] } : {}),
    });
  for (const [variation, converters] of [
    ['control', 30],
    ['B', 45],
  ] as const) {
    for (let index = 0; index < 150; index++) {
      const who = person();
      exposure(who, variation, NOW - 100_000 + index);
      if (index < converters)
        won(who, NOW - 50_000 + index, 1000 + ((index * 37) % 500) + (variation === 'B' ? 120 : 0));
      else if (variation === 'control' && index < converters + 10) won(who, NOW - 200_000, 999);
      else if (variation === 'control' && index < converters + 15) won(who, NOW - 40_000, 5000, true);
    }
  }
  for (let index = 0; index < 20; index++) {
    const qa = person();
    exposure(qa, 'B', NOW - 90_000, true);
    won(qa, NOW - 10_000, 9999);
  }
  for (let index = 0; index < 4; index++) {
    const both = person();
    exposure(both, 'control', NOW - 90_000);
    exposure(both, 'B', NOW - 80_000);
    won(both, NOW - 10_000, 9999);
  }
  return events;
}

const exposureOf = (anonymousId: string, variation: string, patch: Partial<StoredEvent> = {}, experiment = 'exp') =>
  ({
    id: uuid(6, ++nextId),
    type: 'exposure',
    ts: 10,
    correctedTs: 10,
    receivedAt: 10,
    sessionId: 's',
    anonymousId,
    props: { experiment, variation, hashAttribute: 'id', hashValue: anonymousId },
    ...patch,
  }) as StoredEvent;
const ABC = {
  key: 'exp',
  flag: 'f',
  ruleId: 'r',
  variations: ['a', 'b', 'c'],
  weights: [0.5, 0.25, 0.25],
  hashAttribute: 'id',
  active: true,
};

describe.each<[string, () => StoredEvent[], typeof ABC, (answer: never) => unknown, unknown]>([
  [
    'experiments.test.ts',
    experimentFixture,
    { ...ABC, key: 'pipeline-layout', variations: ['control', 'B'], weights: [0.5, 0.5] },
    (answer: {
      users: unknown;
      metrics: { variations: { users: number; conversions?: number; usersWithValue?: number }[] }[];
    }) => [
      answer.users,
      answer.metrics.map((metric) =>
        metric.variations.map((row) => [row.users, row.conversions ?? row.usersWithValue]),
      ),
    ],
    [
      { included: 300, excludedForced: 20, excludedMultipleVariations: 4, excludedUnknownVariation: 0 },
      [
        [
          [150, 30],
          [150, 45],
        ],
        [
          [150, 30],
          [150, 45],
        ],
      ],
    ],
  ],
  [
    'no traffic',
    () => [],
    ABC,
    (answer: { users: unknown }) => answer.users,
    { included: 0, excludedForced: 0, excludedMultipleVariations: 0, excludedUnknownVariation: 0 },
  ],
  [
    'unknown variations and another experiment',
    () => [
      ...['a', 'a', 'b', 'c', 'z'].map((variation, index) => exposureOf(`u${index}`, variation)),
      exposureOf('q', 'a', {}, 'another'),
    ],
    ABC,
    (answer: { users: unknown; srm: { observed: number[] } }) => [answer.users, answer.srm.observed],
    [{ included: 4, excludedForced: 0, excludedMultipleVariations: 0, excludedUnknownVariation: 1 }, [2, 1, 1]],
  ],
  [
    'a conversion linked through the user id',
    () => [
      exposureOf('device-1', 'b', {
        userId: 'alice',
        props: { experiment: 'exp', variation: 'b', hashAttribute: 'id', hashValue: 'alice' },
      }),
      {
        id: uuid(6, 999),
        type: 'track',
        name: 'Deal Won',
        ts: 20,
        correctedTs: 20,
        receivedAt: 20,
        sessionId: 's',
        anonymousId: 'device-2',
        userId: 'alice',
      } as StoredEvent,
    ],
    ABC,
    (answer: { metrics: { variations: { conversions?: number }[] }[] }) =>
      answer.metrics[0]!.variations.map((row) => row.conversions),
    [0, 1, 0],
  ],
])('experiment results on the %s fixture', (_label, events, experiment, pick, expected) => {
  it('are the hand-worked numbers, as analyseExperiment answers', async () => {
    const oracle = await openOracle(events());
    try {
      const metrics = [
        { kind: 'conversion' as const, event: 'Deal Won' },
        { kind: 'mean' as const, event: 'Deal Won', property: 'value' },
      ];
      const sql = await experimentResultsQuery(oracle.db, { experiment, metrics });
      expect(pick(sql as never)).toEqual(expected);
      expect(sameAnswer(sql, await oracle.experiment(experiment, metrics))).toBeUndefined();
    } finally {
      await oracle.close();
    }
  });
});

describe('edges the routes never send but the reads still answer', () => {
  it('a one-step funnel and an experiment without variations', async () => {
    const oracle = await openOracle(ANALYTICS_FIXTURE);
    try {
      expect((await funnelQuery(oracle.db, { steps: ['Signup'], windowMs: DAY, since, until })).result).toEqual([
        { step: 'Signup', count: 5, conversion: 1, fromPrevious: 1 },
      ]);
      const none = await experimentResultsQuery(oracle.db, {
        experiment: { ...ABC, key: 'pipeline-v2', variations: [], weights: [] },
        metrics: [],
      });
      expect(none.users).toEqual({
        included: 0,
        excludedForced: 1,
        excludedMultipleVariations: 0,
        excludedUnknownVariation: 6,
      });
    } finally {
      await oracle.close();
    }
  }, 60_000);
});
