import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSpec } from '../../flags/experiment-results.ts';
import { errorGroupsQuery } from './error-groups.ts';
import { errorImpactQuery } from './error-impact.ts';
import { experimentResultsQuery } from './experiment-results.ts';
import { funnelQuery } from './funnel.ts';
import { npsQuery } from './nps.ts';
import { openOracle, sameAnswer } from './oracle.ts';
import type { Oracle } from './oracle.ts';
import { RANDOM_EVENTS_EXPERIMENT as experiment, randomEvents } from './random-events.ts';
import { retentionQuery } from './retention.ts';
import { vitalsQuery } from './vitals.ts';

// Random event sets answered by today's JS reads (the routes over a SQLite record) and by the SQL reads over the
// projection of the same events: every answer must match. The generator hits the definitions' edges on purpose.
const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 2);
const since = T + 2 * DAY;
const until = T + 20 * DAY;
const range = `since=${since}&until=${until}`;
const metrics: MetricSpec[] = [
  { kind: 'conversion', event: 'A' },
  { kind: 'mean', event: 'B', property: 'value' },
  { kind: 'conversion', event: 'Revenue' },
];

type Case = [string, string, (oracle: Oracle) => Promise<unknown>];
const CASES: Case[] = [
  [
    'a 3-step funnel',
    `/api/analytics/funnels?steps=A,B,C&windowMs=${2 * DAY}&${range}`,
    (o) => funnelQuery(o.db, { steps: ['A', 'B', 'C'], windowMs: 2 * DAY, since, until }),
  ],
  [
    'a funnel with a repeated step and page steps, by variation',
    `/api/analytics/funnels?steps=page:/deals,A,A,page:/Contacts&windowMs=${3 * DAY}&experiment=exp&${range}`,
    (o) =>
      funnelQuery(o.db, {
        steps: ['page:/deals', 'A', 'A', 'page:/Contacts'],
        windowMs: 3 * DAY,
        since,
        until,
        experiment: 'exp',
      }),
  ],
  [
    'a funnel where a page view also matches its name',
    `/api/analytics/funnels?steps=Pipeline,page:/deals,B&windowMs=${DAY}&experiment=other&${range}`,
    (o) =>
      funnelQuery(o.db, { steps: ['Pipeline', 'page:/deals', 'B'], windowMs: DAY, since, until, experiment: 'other' }),
  ],
  ['retention', `/api/analytics/retention?${range}`, (o) => retentionQuery(o.db, { since, until })],
  ['vitals', `/api/analytics/vitals?${range}`, (o) => vitalsQuery(o.db, { since, until })],
  [
    'vitals of one page',
    `/api/analytics/vitals?${range}&path=/contacts/1`,
    (o) => vitalsQuery(o.db, { since, until, path: '/contacts/1' }),
  ],
  ['error groups', `/api/errors/groups?${range}`, (o) => errorGroupsQuery(o.db, { since, until, statuses: [] })],
  [
    'error impact',
    `/api/errors/groups/fp-b/impact?conversion=A&${range}`,
    (o) => errorImpactQuery(o.db, { fingerprint: 'fp-b', conversion: 'A', since, until }),
  ],
  ['NPS', `/api/feedback/nps?${range}`, (o) => npsQuery(o.db, { since, until })],
  [
    'NPS of one survey, all time',
    '/api/feedback/nps?surveyId=onboarding',
    (o) => npsQuery(o.db, { surveyId: 'onboarding' }),
  ],
];

describe.each([1, 2, 3])('random event set %i', (seed) => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle(randomEvents(3000, seed));
  }, 120_000);
  afterAll(() => oracle.close());

  it.each(CASES)('%s answers as today', async (_label, path, query) => {
    const [sql, js] = await Promise.all([query(oracle), oracle.route(path)]);
    // The answer has substance: some non-zero count somewhere, so matching is not two empty answers agreeing.
    expect(JSON.stringify(js)).toMatch(/"(count|size|responses|users|sessions)":[1-9]/);
    expect(sameAnswer(sql, js)).toBeUndefined();
  });

  it.each([
    ['all time', undefined, undefined],
    ['a range', since, until],
  ])('experiment results over %s answer as today', async (_label, from, to) => {
    const sql = await experimentResultsQuery(oracle.db, { experiment, metrics, since: from, until: to });
    const js = await oracle.experiment(experiment, metrics, from, to);
    expect(js.users.included).toBeGreaterThan(0);
    expect(sameAnswer(sql, js)).toBeUndefined();
  });
});
