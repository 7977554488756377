import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openEventListThread } from './event-list-thread.ts';
import type { EventListThread } from './event-list-thread.ts';
import { createEventRepository } from './event-repository.ts';
import { openSqliteDatabase } from './sqlite.ts';
import { storageOn } from './storage.ts';
import type { EventQuery, Storage, StoredEvent } from './types.ts';

const WRITE = 'pk_list';
const READ = 'sk_list';
const T0 = 1_700_000_000_000;
/** Rows SQLite counts to hold a listing: about 8 s on the busy 2-core machine, still over 2 s on one 3 times faster. */
const LONG_HOLD = 25_000_000;

let dir: string;
let file: string;
let storage: Storage;
let thread: EventListThread | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-insights-list-'));
  file = join(dir, 'insights.sqlite');
  storage = await storageOn(openSqliteDatabase(file));
});
afterEach(async () => {
  await thread?.close();
  thread = undefined;
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (index: number): StoredEvent => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: (['page', 'track', 'error'] as const)[index % 3]!,
  name: index % 3 === 1 ? ['Deal Won', 'Contact Created'][index % 2] : undefined,
  // Every fourth time repeats the one before: pages must break ties by id.
  ts: T0 + Math.floor(index / 4) * 1000,
  correctedTs: T0 + Math.floor(index / 4) * 1000,
  receivedAt: T0,
  sessionId: `0190a000-0001-7000-8000-00000000000${index % 3}`,
  anonymousId: `0190a000-0002-7000-8000-00000000000${index % 5}`,
  userId: index % 2 ? `user-${index % 4}` : undefined,
  props: { index },
});

/** Every page of `query`, following cursors to the end. */
async function allPages(
  list: (query: EventQuery) => Promise<{ events: StoredEvent[]; nextCursor?: string }>,
  query: EventQuery,
) {
  const pages: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, cursor });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

const ingest = (app: ReturnType<typeof createApp>, from: number) =>
  app.request('/api/analytics/events', {
    method: 'POST',
    headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      sentAt: Date.now(),
      // Sent as track events: ingest checks page and error props against their schemas, which `{ index }` is not.
      events: Array.from({ length: 20 }, (_, offset) => ({
        ...event(900_000 + from + offset),
        type: 'track',
        name: 'Deal Won',
        ts: Date.now(),
      })).map(({ correctedTs: _, receivedAt: __, ...sent }) => sent),
    }),
  });

describe('the event listing on a worker thread', () => {
  it('answers every filter combination and every cursor page exactly as the repository does on the API thread', async () => {
    await storage.insertEvents(Array.from({ length: 240 }, (_, index) => event(index)));
    const direct = createEventRepository(storage.db);
    thread = openEventListThread(file);
    const filters: Partial<EventQuery> = {
      type: 'track',
      name: 'Deal Won',
      sessionId: event(1).sessionId,
      userId: 'user-1',
      since: T0 + 10_000,
      until: T0 + 50_000,
    };
    const keys = Object.keys(filters) as (keyof typeof filters)[];
    let compared = 0;
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const chosen = Object.fromEntries(keys.filter((_, bit) => mask & (1 << bit)).map((key) => [key, filters[key]]));
      for (const order of ['asc', 'desc'] as const) {
        const query: EventQuery = { ...chosen, order, limit: 7 };
        const expected = await allPages(direct.list, query);
        expect(await allPages(thread.list, query)).toEqual(expected);
        compared += expected.length;
      }
    }
    // The unfiltered listing alone is 35 pages of 7; the comparison walked many more.
    expect(compared).toBeGreaterThan(300);
    await expect(thread.list({ limit: 5, cursor: 'made-up' })).rejects.toThrow(RangeError);
  }, 60_000);

  it('is what storage lists with on a SQLite file: a bad cursor is still a 400 through the route', async () => {
    await storage.insertEvents([event(1), event(2)]);
    const app = createApp({ storage, writeKey: WRITE, readKey: READ });
    const bad = await app.request('/api/analytics/events?cursor=bm9wZQ', {
      headers: { Authorization: `Bearer ${READ}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'cursor is not one this server issued' });
    const timeline = await app.request(`/api/sessions/${event(1).sessionId}/timeline`, {
      headers: { Authorization: `Bearer ${READ}` },
    });
    expect(await timeline.json()).toMatchObject({ events: [{ id: event(1).id }] });
  });

  it('answers a listing held busy past its limit with 503 and Retry-After, while ingest is answered and the event loop stays free', async () => {
    const app = createApp({ storage, writeKey: WRITE, readKey: READ });
    thread = openEventListThread(file, { timeoutMs: 1500 });
    await thread.list({ limit: 1 });
    let settled = false;
    const started = performance.now();
    const held = thread
      .list({ limit: 10 }, { holdRows: LONG_HOLD })
      .catch((error: unknown) => error)
      .finally(() => (settled = true));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const answers: number[] = [];
    for (let index = 0; index < 10; index++) {
      const sent = performance.now();
      expect((await ingest(app, index * 20)).status).toBe(200);
      answers.push(performance.now() - sent);
    }
    delay.disable();
    expect(settled).toBe(false);
    expect(Math.max(...answers)).toBeLessThan(500);
    expect(delay.max / 1e6).toBeLessThan(500);
    const error = await held;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1490);
    expect(error).toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
    expect((error as Error).message).toMatch(/longer than the 2 s limit and was stopped/);
    // The 200 events ingested meanwhile are listed by a fresh worker, although the stopped one is still counting.
    expect((await thread.list({ limit: 1000, since: T0 + 1e9 })).events).toHaveLength(200);
  }, 30_000);

  it('starts a fresh worker after a timeout, and no third while two stopped ones still run', async () => {
    thread = openEventListThread(file, { timeoutMs: 800 });
    await storage.insertEvents([event(1)]);
    await expect(thread.list({ limit: 1 }, { holdRows: LONG_HOLD })).rejects.toMatchObject({ status: 503 });
    expect((await thread.list({ limit: 5 })).events).toHaveLength(1);
    await expect(thread.list({ limit: 1 }, { holdRows: LONG_HOLD })).rejects.toMatchObject({ status: 503 });
    await expect(thread.list({ limit: 5 })).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/still stopping/),
      headers: { 'Retry-After': '5' },
    });
    // Once the stopped workers have finished their SQLite step and exited, listings are served again.
    let answer: unknown;
    for (let attempt = 0; attempt < 150 && !answer; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await thread.list({ limit: 5 }).catch(() => undefined);
    }
    expect(answer).toMatchObject({ events: [{ id: event(1).id }] });
  }, 60_000);

  it('keeps 8 listings waiting behind the running one and answers the next 503 at once', async () => {
    thread = openEventListThread(file, { timeoutMs: 20_000 });
    await storage.insertEvents([event(1)]);
    const running = thread.list({ limit: 1 }, { holdRows: 1_000_000 });
    const waiting = Array.from({ length: 8 }, () => thread!.list({ limit: 1 }));
    await expect(thread.list({ limit: 1 })).rejects.toMatchObject({
      status: 503,
      message: 'the event listing is busy: 8 reads are already waiting; retry in a moment',
      headers: { 'Retry-After': '1' },
    });
    for (const page of await Promise.all([running, ...waiting])) expect(page.events).toHaveLength(1);
  }, 30_000);

  it('answers 503 once closed, without starting a worker', async () => {
    const closed = openEventListThread(file);
    await closed.close();
    await expect(closed.list({ limit: 1 })).rejects.toMatchObject({
      status: 503,
      message: 'the event listing is shut down',
      headers: { 'Retry-After': '1' },
    });
  });

  it('stops a real listing that scans 600,000 rows without an index at its limit, and lists again at once', async () => {
    fill(file, 600_000);
    const direct = createEventRepository(storage.db);
    const query: EventQuery = { userId: 'nobody', limit: 100 };
    let took = performance.now();
    expect((await direct.list(query)).events).toEqual([]);
    took = performance.now() - took;
    // The scan blocks whatever thread runs it this long: the limit below must be well under it. 600,000 rows take
    // about 125 ms on a 2-core AMD EPYC, where 300,000 took 69 ms, too close to the 80 ms asked here.
    expect(took).toBeGreaterThan(80);
    await storage.close();
    storage = await storageOn(openSqliteDatabase(file), undefined, { timeoutMs: 30 });
    const app = createApp({ storage, writeKey: WRITE, readKey: READ });
    const read = (query: string) =>
      app.request(`/api/analytics/events?${query}`, { headers: { Authorization: `Bearer ${READ}` } });
    // The limit counts the worker's start too: the first listings may be stopped before it has one.
    let warm = 0;
    for (let attempt = 0; attempt < 50 && warm !== 200; attempt++) warm = (await read('limit=1')).status;
    expect(warm).toBe(200);
    const started = performance.now();
    const slow = await read('userId=nobody');
    expect(performance.now() - started).toBeLessThan(took);
    expect(slow.status).toBe(503);
    expect(slow.headers.get('Retry-After')).toBe('1');
    expect(await slow.json()).toEqual({
      error:
        'listing these events took longer than the 1 s limit and was stopped; filter by session or name, narrow since/until, or retry later',
    });
    // A fresh worker started at the timeout; a 30 ms limit is shorter than its start, so give it a moment.
    let next = await read('sessionId=s7&limit=3');
    for (let attempt = 0; attempt < 50 && next.status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      next = await read('sessionId=s7&limit=3');
    }
    expect(next.status).toBe(200);
    expect(((await next.json()) as { events: { sessionId: string }[] }).events.map((each) => each.sessionId)).toEqual([
      's7',
      's7',
      's7',
    ]);
  }, 60_000);
});

/** Adds `rows` events straight into the record file (ingest would take minutes), as an outside writer would. */
function fill(path: string, rows: number): void {
  const db = new Database(path);
  db.prepare(
    `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ? - 1)
     INSERT INTO events (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body)
     SELECT printf('fill-%09d', i), 'page', NULL, ? + i, ? + i, ? + i, 's' || (i % 1000), 'a' || (i % 5000), 'u' || (i % 5000),
       json_object('id', printf('fill-%09d', i), 'type', 'page', 'ts', ? + i, 'correctedTs', ? + i, 'receivedAt', ? + i,
         'sessionId', 's' || (i % 1000), 'anonymousId', 'a' || (i % 5000), 'userId', 'u' || (i % 5000))
     FROM c`,
  ).run(rows, T0, T0, T0, T0, T0, T0);
  db.close();
}
