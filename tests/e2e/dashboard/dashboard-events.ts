import { rateVital } from '../../../server/src/analytics/vitals-summary.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;

/** Adds an event by `user` (their own session) to the fixture, on `/pipeline` unless another path is given. */
type AddEvent = (
  user: number,
  ts: number,
  type: string,
  name: string,
  props?: Record<string, unknown>,
  path?: string,
) => void;

/**
 * The dashboard fixture's events from `start` on, as the widget sends them: the experiment and its funnel, vitals,
 * error groups, page views, API calls, long animation frames and revenue, ids numbered in that order.
 */
export function dashboardEvents(start: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  let next = 1;
  const event: AddEvent = (user, ts, type, name, props = {}, path = '/pipeline') =>
    events.push({
      id: uuid(3, next++),
      type,
      ...(name ? { name } : {}),
      ts,
      sessionId: uuid(2, user + 1),
      anonymousId: uuid(1, user + 1),
      userId: `user-${user}`,
      page: { url: `https://crm.test${path}`, path },
      props,
    });
  addExperimentAndFunnel(event, start);
  addVitals(event, start);
  addErrors(event, start);
  addPageViews(event, start);
  addApiCalls(event, start);
  addLongFrames(event, start);
  addRevenue(event, start);
  return events;
}

/**
 * 1,000 users exposed to `pipeline-layout`, control converting 100 of 500 to Deal Won and B 175 of 500, and the
 * first 60 and 40 of them through Signup and Deal Created.
 */
function addExperimentAndFunnel(event: AddEvent, start: number): void {
  for (let user = 0; user < 1000; user++) {
    const variation = user % 2 === 0 ? 'control' : 'B';
    const at = start + user * 10_000;
    event(user, at, 'exposure', 'pipeline-layout', {
      experiment: 'pipeline-layout',
      variation,
      hashAttribute: 'id',
      hashValue: `user-${user}`,
    });
    const rank = Math.floor(user / 2);
    if (user < 60) event(user, at + 1000, 'track', 'Signup');
    if (user < 40) event(user, at + 2000, 'track', 'Deal Created', { value: 1000 + user });
    if ((variation === 'control' && rank < 100) || (variation === 'B' && rank < 175))
      event(user, at + 3000, 'track', 'Deal Won', { value: 5000 });
  }
}

/** LCP and INP on `/pipeline`, LCP and CLS on `/contacts`, spread over the ratings. */
function addVitals(event: AddEvent, start: number): void {
  const vitals: [string, string, number][] = [
    ['/pipeline', 'LCP', 1800],
    ['/pipeline', 'LCP', 2600],
    ['/pipeline', 'LCP', 3100],
    ['/pipeline', 'LCP', 4400],
    ['/pipeline', 'INP', 120],
    ['/pipeline', 'INP', 340],
    ['/contacts', 'LCP', 1400],
    ['/contacts', 'CLS', 0.04],
    ['/contacts', 'CLS', 0.3],
  ];
  for (const [index, [path, name, value]] of vitals.entries())
    event(index, start + HOUR + index, 'vital', name, { id: `v${index}`, value, rating: rateVital(name, value) }, path);
}

/** Two error groups with a stack and breadcrumbs: an unhandled TypeError of three users, a handled Error of one. */
function addErrors(event: AddEvent, start: number): void {
  const frames = [{ function: 'saveDeal', file: 'https://crm.test/app.js', line: 120, column: 9, inApp: true }];
  const breadcrumbs = [{ ts: start, category: 'click', message: 'button#save' }];
  for (const user of [1, 2, 3])
    event(user, start + 2 * HOUR + user, 'error', 'TypeError', {
      kind: 'js',
      type: 'TypeError',
      message: 'deal.stage is undefined',
      fingerprint: 'fp-deal-stage',
      count: 1,
      handled: false,
      frames,
      breadcrumbs,
    });
  event(4, start + 3 * HOUR, 'error', 'Error', {
    kind: 'js',
    type: 'Error',
    message: 'contacts failed to load',
    fingerprint: 'fp-contacts',
    count: 2,
    handled: true,
    frames,
    breadcrumbs,
  });
}

/** 30 page loads, a third of them on `/contacts` and the rest on `/pipeline`. */
function addPageViews(event: AddEvent, start: number): void {
  for (let user = 0; user < 30; user++)
    event(
      user,
      start + 4 * HOUR + user * 60_000,
      'page',
      '',
      { cause: 'load', route: user % 3 === 0 ? '/contacts' : '/pipeline' },
      user % 3 === 0 ? '/contacts' : '/pipeline',
    );
}

/** 20 timed API calls on two routes; `/api/deals/:id` fails half of its calls (a quarter of all). */
function addApiCalls(event: AddEvent, start: number): void {
  for (let call = 0; call < 20; call++) {
    const failing = call % 2 === 0;
    event(call, start + 5 * HOUR + call * 1000, 'api', '', {
      route: failing ? '/api/deals/:id' : '/api/contacts',
      method: 'GET',
      origin: 'https://crm.test',
      status: failing && call % 4 === 0 ? 500 : 200,
      duration: 50 + call * 10,
      transport: 'fetch',
    });
  }
}

/** Three long animation frames led by two scripts. */
function addLongFrames(event: AddEvent, start: number): void {
  // 120 ms frames; the scripts that led them ran 90, 90 and 110 ms of each (their own time is what ranks them).
  for (const [user, script, scriptDuration] of [
    [10, 'https://crm.test/app.js saveDeal', 90],
    [11, 'https://crm.test/app.js saveDeal', 90],
    [12, 'https://crm.test/vendor.js', 110],
  ] as const)
    event(user, start + 6 * HOUR + user, 'resource', 'long-animation-frame', {
      duration: 120,
      blockingDuration: 70,
      script,
      scriptDuration,
    });
}

/** Revenue in EUR (three payments) and USD (two), on the fixture's second day. */
function addRevenue(event: AddEvent, start: number): void {
  for (const [user, amount, currency] of [
    [5, 120, 'EUR'],
    [6, 80, 'EUR'],
    [7, 200, 'EUR'],
    [8, 50, 'USD'],
    [9, 75, 'USD'],
  ] as const)
    event(user, start + DAY + user * HOUR, 'track', 'Revenue', { amount, currency });
}
