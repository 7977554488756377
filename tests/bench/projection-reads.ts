import type { AnalyticsQueryName } from '../../server/src/analytics/queries/index.ts';

const DAY = 86_400_000;
const experiment = {
  key: 'pipeline-layout',
  flag: 'pipeline-layout',
  ruleId: 'r',
  variations: ['control', 'B'],
  weights: [0.5, 0.5],
  hashAttribute: 'id',
  active: true,
};

/** The reads the projection bench times over `days` days from `start`: label, read name, parameters. */
export function projectionReads(start: number, days: number): [string, AnalyticsQueryName, unknown][] {
  const since = start;
  const until = start + days * DAY;
  return [
    [
      'funnel (4 steps)',
      'funnel',
      { steps: ['Signed Up', 'Trial Started', 'Deal Created', 'Deal Won'], windowMs: 7 * DAY, since, until },
    ],
    [
      'funnel by variation',
      'funnel',
      {
        steps: ['Signed Up', 'Trial Started', 'Deal Created', 'Deal Won'],
        windowMs: 7 * DAY,
        since,
        until,
        experiment: 'pipeline-layout',
      },
    ],
    ['retention', 'retention', { since, until }],
    [
      'experiment results (conversion + mean)',
      'experimentResults',
      {
        experiment,
        metrics: [
          { kind: 'conversion', event: 'Deal Won' },
          { kind: 'mean', event: 'Deal Won', property: 'value' },
        ],
      },
    ],
    ['vitals', 'vitals', { since, until }],
    ['vitals by route', 'vitals', { since, until, groupBy: 'route' }],
    ['error groups', 'errorGroups', { since, until, statuses: [] }],
    ['error group', 'errorGroup', { fingerprint: 'fp-3', statuses: [] }],
    ['error impact', 'errorImpact', { fingerprint: 'fp-3', conversion: 'Deal Won', since, until }],
    ['NPS', 'nps', { since, until }],
    ['API performance', 'apiPerformance', { since, until }],
    ['revenue', 'revenue', { since, until }],
    ['revenue by plan (trait)', 'revenue', { since, until, breakdown: { source: 'trait', key: 'plan' } }],
    ['trend: vitals', 'trends', { series: 'vitals', since, until }],
    ['trend: errors', 'trends', { series: 'errors', since, until }],
    ['trend: events', 'trends', { series: 'events', since, until }],
    [
      'trend: events by plan (trait)',
      'trends',
      { series: 'events', since, until, name: 'Deal Won', breakdown: { source: 'trait', key: 'plan' } },
    ],
    ['trend: active users', 'trends', { series: 'active-users', since, until }],
    [
      'trend: active users by country (trait)',
      'trends',
      { series: 'active-users', since, until, breakdown: { source: 'trait', key: 'country' } },
    ],
    ['trend: revenue', 'trends', { series: 'revenue', since, until }],
    ['overview', 'overview', { now: until - 3_600_000 }],
  ];
}
