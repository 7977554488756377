import { expect } from 'vitest';
import { TEST_READ_KEY, TEST_WRITE_KEY } from '../../support/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The fixed window the dashboard and the API are both asked about. */
export interface FixtureRange {
  since: number;
  until: number;
}

const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;

/**
 * Seeds a server through its real ingest routes: 1,000 users exposed to the `pipeline-layout` experiment (control
 * converts 100 of 500 to Deal Won, B 175 of 500), a Signup → Deal Created → Deal Won funnel, vitals on two pages,
 * two error groups with stacks and breadcrumbs, page views on two routes, timed API calls (one route failing a
 * quarter of the time), revenue in EUR and USD, long animation frames from two scripts, NPS answers with comments and two feature requests. Every event
 * falls in the returned range, which ends now.
 */
export async function seedDashboardFixture(origin: string): Promise<FixtureRange> {
  const now = Date.now();
  const start = now - 3 * DAY;
  const events: Record<string, unknown>[] = [];
  let next = 1;
  const event = (
    user: number,
    ts: number,
    type: string,
    name: string,
    props: Record<string, unknown> = {},
    path = '/pipeline',
  ) =>
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
    event(index, start + HOUR + index, 'vital', name, { id: `v${index}`, value }, path);
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
  for (let user = 0; user < 30; user++)
    event(
      user,
      start + 4 * HOUR + user * 60_000,
      'page',
      '',
      { cause: 'load', route: user % 3 === 0 ? '/contacts' : '/pipeline' },
      user % 3 === 0 ? '/contacts' : '/pipeline',
    );
  for (let call = 0; call < 20; call++) {
    const failing = call % 2 === 0;
    event(call, start + 5 * HOUR + call * 1000, 'api', '', {
      route: failing ? '/api/deals/:id' : '/api/contacts',
      method: 'GET',
      status: failing && call % 4 === 0 ? 500 : 200,
      duration: 50 + call * 10,
    });
  }
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
  for (const [user, amount, currency] of [
    [5, 120, 'EUR'],
    [6, 80, 'EUR'],
    [7, 200, 'EUR'],
    [8, 50, 'USD'],
    [9, 75, 'USD'],
  ] as const)
    event(user, start + DAY + user * HOUR, 'track', 'Revenue', { amount, currency });
  for (let index = 0; index < events.length; index += 500)
    await post(origin, '/api/analytics/events', { sentAt: Date.now(), events: events.slice(index, index + 500) });
  const answers: [number, string][] = [
    [10, 'Love the pipeline view'],
    [9, 'Great, fast search'],
    [8, ''],
    [7, 'Fine'],
    [3, 'Slow and buggy reports'],
    [10, ''],
    [6, 'Confusing filters'],
  ];
  for (const [index, [score, comment]] of answers.entries())
    await post(origin, '/api/feedback/nps', {
      score,
      ...(comment ? { comment } : {}),
      userId: `user-${index}`,
      ts: start + DAY + index,
    });
  await post(origin, '/api/feature-requests', { title: 'Dark mode for the pipeline', userId: 'user-1' });
  await post(origin, '/api/feature-requests', { title: 'Export contacts as CSV', userId: 'user-2' });
  return { since: start - HOUR, until: now + HOUR };
}

async function post(origin: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TEST_WRITE_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`seeding ${path} failed: ${response.status} ${await response.text()}`);
}

/** GETs `/api<path>` with the read key, as the dashboard's numbers are checked against it; fails on anything but 200. */
export async function readApi<T>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}/api${path}`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}
