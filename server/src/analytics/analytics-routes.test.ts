import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';

// A fixture data set whose answers were worked out by hand (in the comments next to each expectation); the
// same file runs on SQLite and PostgreSQL, so both databases are held to the same numbers.
const WRITE = 'pk_fixture';
const READ = 'sk_fixture';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 2); // Monday 2 November 2026, 00:00 UTC: the start of retention week 0.
const RANGE = `since=${T}&until=${T + 21 * DAY}`;

const PEOPLE = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
type Person = (typeof PEOPLE)[number];
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;
const personId = (person: Person) => uuid(1, PEOPLE.indexOf(person) + 1);
const sessionOf = (person: Person) => uuid(2, PEOPLE.indexOf(person) + 1);
let nextId = 1;
const event = (
  person: Person,
  ts: number,
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  path = '/deals',
) => ({
  id: uuid(3, nextId++),
  type,
  name,
  ts,
  sessionId: sessionOf(person),
  anonymousId: personId(person),
  page: { url: `https://crm.test${path}`, path },
  props,
});
const track = (person: Person, ts: number, name: string) => event(person, ts, 'track', name);
const vital = (person: Person, ts: number, name: string, id: string, value: number, rating: string, path = '/deals') =>
  event(person, ts, 'vital', name, { id, value, rating }, path);
const error = (person: Person, ts: number, fingerprint: string, message: string, count: number) =>
  event(person, ts, 'error', 'TypeError', {
    kind: 'js',
    type: 'TypeError',
    message,
    fingerprint,
    count,
    handled: false,
    frames: [{ function: 'save', file: 'app.js', line: 3, column: 9, inApp: true }],
    breadcrumbs: [],
  });
const exposure = (person: Person, ts: number, variation: string, forced = false) =>
  event(person, ts, 'exposure', 'pipeline-v2', {
    experiment: 'pipeline-v2',
    variation,
    ...(forced ? { forced: true } : {}),
  });

const FIXTURE = [
  // Funnel Signup → Deal Created → Deal Won within 1 day:
  ...[track('A', T + HOUR, 'Signup'), track('A', T + 2 * HOUR, 'Deal Created'), track('A', T + 3 * HOUR, 'Deal Won')], // all 3 steps
  ...[track('B', T + HOUR, 'Signup'), track('B', T + 2 * HOUR, 'Deal Created'), track('B', T + 2 * DAY, 'Deal Won')], // 2: won outside the window
  ...[track('C', T + HOUR, 'Signup'), track('C', T + 2 * HOUR, 'Deal Won')], // 1: skipped a step
  ...[track('D', T + HOUR, 'Deal Created'), track('D', T + 2 * HOUR, 'Signup')], // 1: wrong order
  ...[
    track('E', T + HOUR, 'Signup'),
    track('E', T + 3 * DAY, 'Signup'),
    track('E', T + 3 * DAY + HOUR, 'Deal Created'),
    track('E', T + 3 * DAY + 2 * HOUR, 'Deal Won'),
  ], // 3, from the later start
  event('A', T + HOUR, 'page', 'Pipeline', { cause: 'load', route: '/deals' }), // page:/deals → Deal Won: A only
  // Exposures: A's forced one is ignored, E keeps its first variation.
  exposure('A', T, 'treatment', true),
  exposure('A', T + HOUR / 2, 'control'),
  exposure('B', T, 'treatment'),
  exposure('C', T, 'treatment'),
  exposure('D', T, 'control'),
  exposure('E', T, 'treatment'),
  exposure('E', T + 4 * DAY, 'control'),
  // Retention: C comes back in week 1, A in week 2; F is first seen in week 1 and returns in week 2.
  track('C', T + 8 * DAY, 'Contact Viewed'),
  track('A', T + 14 * DAY, 'Contact Viewed'),
  track('F', T + 9 * DAY, 'Contact Viewed'),
  track('F', T + 15 * DAY, 'Contact Viewed'),
  // Vitals (the last value per metric id counts: m1 ends at 2600).
  vital('A', T + HOUR, 'LCP', 'm1', 1800, 'good'),
  vital('A', T + HOUR + 1, 'LCP', 'm1', 2600, 'needs-improvement'),
  vital('B', T + HOUR, 'LCP', 'm2', 1200, 'good'),
  vital('C', T + HOUR, 'LCP', 'm3', 4500, 'poor'),
  vital('D', T + HOUR, 'LCP', 'm4', 2000, 'good'),
  vital('A', T + HOUR, 'INP', 'm5', 150, 'good'),
  vital('E', T + HOUR, 'INP', 'm6', 600, 'poor'),
  vital('B', T + HOUR, 'CLS', 'm7', 0.05, 'good', '/contacts'),
  // Errors: fp-a twice in A's session (one folded twice) and once in B's; fp-b once in C's.
  error('A', T + HOUR, 'fp-a', 'x is undefined', 2),
  error('B', T + 2 * HOUR, 'fp-a', 'x is undefined', 1),
  error('A', T + 5 * HOUR, 'fp-a', 'x.y is undefined', 1),
  error('C', T + 3 * HOUR, 'fp-b', 'network down', 1),
];

forEachTestDatabase('analytics on a fixture data set', (open) => {
  let storage: Storage;
  let now = T + 6 * HOUR;
  let app: ReturnType<typeof createApp>;
  const send = (events: unknown[]) =>
    app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sentAt: now, events }),
    });
  const read = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(path, {
      ...init,
      headers: { Authorization: `Bearer ${READ}`, 'Content-Type': 'application/json', ...init.headers },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => now });
    // Sent with sentAt = the server's clock, so no skew correction moves the fixture's times.
    for (let index = 0; index < FIXTURE.length; index += 10) {
      now = Math.max(T + 6 * HOUR, ...FIXTURE.slice(index, index + 10).map((each) => each.ts));
      expect((await send(FIXTURE.slice(index, index + 10))).status).toBe(200);
    }
    now = T + 6 * HOUR;
  });
  afterAll(() => storage.close());

  it('computes the ordered funnel with conversion per step', async () => {
    const body = await read(`/api/analytics/funnels?steps=Signup,Deal Created,Deal Won&windowMs=${DAY}&${RANGE}`);
    // Reached step 1: A B C D E = 5; step 2: A B E = 3; step 3: A E = 2.
    expect(body.result).toEqual([
      { step: 'Signup', count: 5, conversion: 1, fromPrevious: 1 },
      { step: 'Deal Created', count: 3, conversion: 0.6, fromPrevious: 0.6 },
      { step: 'Deal Won', count: 2, conversion: 0.4, fromPrevious: 0.6667 },
    ]);
  });

  it('matches page views as steps', async () => {
    const body = await read(`/api/analytics/funnels?steps=page:/deals,Deal Won&windowMs=${DAY}&${RANGE}`);
    expect(body.result).toEqual([
      { step: 'page:/deals', count: 1, conversion: 1, fromPrevious: 1 },
      { step: 'Deal Won', count: 1, conversion: 1, fromPrevious: 1 },
    ]);
  });

  it('splits the funnel by experiment variation, ignoring forced exposures', async () => {
    const body = await read(
      `/api/analytics/funnels?steps=Signup,Deal Created,Deal Won&windowMs=${DAY}&experiment=pipeline-v2&${RANGE}`,
    );
    // control: A (3 steps), D (1); treatment: B (2), C (1), E (3).
    expect(body.variations).toEqual([
      {
        variation: 'control',
        result: [
          { step: 'Signup', count: 2, conversion: 1, fromPrevious: 1 },
          { step: 'Deal Created', count: 1, conversion: 0.5, fromPrevious: 0.5 },
          { step: 'Deal Won', count: 1, conversion: 0.5, fromPrevious: 1 },
        ],
      },
      {
        variation: 'treatment',
        result: [
          { step: 'Signup', count: 3, conversion: 1, fromPrevious: 1 },
          { step: 'Deal Created', count: 2, conversion: 0.6667, fromPrevious: 0.6667 },
          { step: 'Deal Won', count: 1, conversion: 0.3333, fromPrevious: 0.5 },
        ],
      },
    ]);
  });

  it('builds weekly retention cohorts', async () => {
    const body = await read(`/api/analytics/retention?${RANGE}`);
    // Week of 2 Nov: A B C D E; C back in week 1, A in week 2. Week of 9 Nov: F, back in week 2.
    expect(body.cohorts).toEqual([
      { week: '2026-11-02', size: 5, retained: [5, 1, 1], rates: [1, 0.2, 0.2] },
      { week: '2026-11-09', size: 1, retained: [1, 1], rates: [1, 1] },
    ]);
  });

  it('gives vitals p75 and rating shares per page and metric, one value per metric id', async () => {
    const body = await read(`/api/analytics/vitals?${RANGE}`);
    // /deals LCP: 1200 2000 2600 4500 → nearest-rank p75 is the 3rd = 2600; good 2, NI 1, poor 1.
    expect(body.vitals).toEqual([
      { path: '/contacts', metric: 'CLS', count: 1, p75: 0.05, good: 1, needsImprovement: 0, poor: 0 },
      { path: '/deals', metric: 'INP', count: 2, p75: 600, good: 0.5, needsImprovement: 0, poor: 0.5 },
      { path: '/deals', metric: 'LCP', count: 4, p75: 2600, good: 0.5, needsImprovement: 0.25, poor: 0.25 },
    ]);
    const deals = await read(`/api/analytics/vitals?${RANGE}&path=/contacts`);
    expect(deals.vitals).toHaveLength(1);
  });

  it('groups errors, resolves one, and marks it regressed when it comes back', async () => {
    const before = (await read(`/api/errors/groups?${RANGE}`)).groups as Record<string, unknown>[];
    expect(before.map(({ frames: _frames, ...group }) => group)).toEqual([
      {
        fingerprint: 'fp-a',
        type: 'TypeError',
        kind: 'js',
        message: 'x.y is undefined',
        count: 4,
        users: 2,
        sessions: 2,
        firstSeen: T + HOUR,
        lastSeen: T + 5 * HOUR,
        status: 'open',
        regressed: false,
      },
      {
        fingerprint: 'fp-b',
        type: 'TypeError',
        kind: 'js',
        message: 'network down',
        count: 1,
        users: 1,
        sessions: 1,
        firstSeen: T + 3 * HOUR,
        lastSeen: T + 3 * HOUR,
        status: 'open',
        regressed: false,
      },
    ]);
    const resolved = await read('/api/errors/groups/fp-a', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved).toMatchObject({ fingerprint: 'fp-a', status: 'resolved', regressed: false });
    now = T + 7 * HOUR;
    expect((await send([error('E', T + 7 * HOUR, 'fp-a', 'x.y is undefined', 1)])).status).toBe(200);
    const after = (await read(`/api/errors/groups?${RANGE}&status=resolved`)).groups as Record<string, unknown>[];
    expect(after).toEqual([
      expect.objectContaining({ fingerprint: 'fp-a', count: 5, users: 3, status: 'resolved', regressed: true }),
    ]);
  });

  it('compares affected sessions with unaffected ones', async () => {
    const body = await read(`/api/errors/groups/fp-a/impact?conversion=Deal Won&${RANGE}`);
    // Affected by fp-a: A B E, all of whom won a deal; unaffected: C (won) D F → 1/3.
    expect(body).toEqual({
      fingerprint: 'fp-a',
      conversionEvent: 'Deal Won',
      affected: { sessions: 3, conversion: 1, vitalsP75: { CLS: 0.05, INP: 600, LCP: 2600 } },
      unaffected: { sessions: 3, conversion: 0.3333, vitalsP75: { LCP: 4500 } },
    });
  });

  it("reads a session's timeline oldest first", async () => {
    const body = await read(`/api/sessions/${sessionOf('B')}/timeline`);
    const events = body.events as { name: string; ts: number }[];
    expect(events.map((each) => each.ts)).toEqual([...events.map((each) => each.ts)].sort((a, b) => a - b));
    expect(
      events.filter((each) => ['Signup', 'Deal Created', 'Deal Won'].includes(each.name)).map((each) => each.name),
    ).toEqual(['Signup', 'Deal Created', 'Deal Won']);
    expect(events).toHaveLength(7); // 3 steps, 1 exposure, 2 vitals, 1 error
  });
});
