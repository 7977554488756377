import { expect } from 'vitest';
import { TEST_READ_KEY, TEST_WRITE_KEY } from '../../support/server.ts';
import { dashboardEvents } from './dashboard-events.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The fixed window the dashboard and the API are both asked about. */
export interface FixtureRange {
  since: number;
  until: number;
}

/**
 * Seeds a server through its real ingest routes: 1,000 users exposed to the `pipeline-layout` experiment (control
 * converts 100 of 500 to Deal Won, B 175 of 500), a Signup → Deal Created → Deal Won funnel, vitals on two pages,
 * two error groups with stacks and breadcrumbs, page views on two routes, timed API calls (one route failing a
 * quarter of the time), revenue in EUR and USD, long animation frames from two scripts, NPS answers with comments
 * and two feature requests. Every event falls in the returned range, which ends now.
 */
export async function seedDashboardFixture(origin: string): Promise<FixtureRange> {
  const now = Date.now();
  const start = now - 3 * DAY;
  const events = dashboardEvents(start);
  for (let index = 0; index < events.length; index += 500)
    await post(origin, '/api/analytics/events', { sentAt: Date.now(), events: events.slice(index, index + 500) });
  await postFeedback(origin, start);
  return { since: start - HOUR, until: now + HOUR };
}

/** Seven NPS answers (five with a comment) on the fixture's second day, and two feature requests. */
async function postFeedback(origin: string, start: number): Promise<void> {
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
