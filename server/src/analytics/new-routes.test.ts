import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';

// The routes added with the analytics engine (contract 4), over HTTP on both databases: each answers from the
// engine, and bad parameters get a 400 that says what is wrong.
const WRITE = 'pk_new';
const READ = 'sk_new';
const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 2, 8);
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;
let next = 1;
const base = (ts: number, person = 1) => ({
  id: uuid(3, next++),
  ts,
  sessionId: uuid(2, person),
  anonymousId: uuid(1, person),
  page: { url: 'https://crm.test/contacts/42', path: '/contacts/42' },
});
const api = (ts: number, duration: number, status: number) => ({
  ...base(ts),
  type: 'api',
  name: 'GET /contacts/:id',
  props: { method: 'GET', origin: 'https://api.crm.test', route: '/contacts/77', status, duration, transport: 'fetch' },
});
const track = (ts: number, name: string, person: number) => ({ ...base(ts, person), type: 'track', name });
const vital = (ts: number, path: string, value: number) => ({
  ...base(ts),
  page: { url: `https://crm.test${path}`, path },
  type: 'vital',
  name: 'LCP',
  props: { id: `m-${ts}`, value, rating: 'good' },
});

const EVENTS = [
  api(T, 100, 200),
  api(T + 1000, 200, 200),
  api(T + 2000, 300, 201),
  api(T + HOUR, 400, 500),
  track(T, 'Deal Won', 1),
  track(T + HOUR, 'Deal Won', 2),
  track(T + HOUR + 1, 'Deal Won', 2),
  vital(T, '/contacts/1', 1000),
  vital(T + 1, '/contacts/2', 2000),
  vital(T + 2, '/deals', 1500),
];

forEachTestDatabase('the new analytics routes', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  const read = (path: string) => app.request(path, { headers: { Authorization: `Bearer ${READ}` } });
  const body = async (path: string) => {
    const response = await read(path);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => T + 2 * HOUR });
    const response = await app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sentAt: T + 2 * HOUR, events: EVENTS }),
    });
    expect(response.status).toBe(200);
  });
  afterAll(() => storage.close());

  it('times API calls per route template and method', async () => {
    const answer = await body(`/api/analytics/api-performance?since=${T}&until=${T + 2 * HOUR}`);
    // Four calls to /contacts/:id, one of them a 500: nearest-rank p50 of 100 200 300 400 is 200, p95 and p99 400.
    expect(answer.routes).toEqual([
      expect.objectContaining({
        route: '/contacts/:id',
        method: 'GET',
        requests: 4,
        errors: 1,
        errorRate: 0.25,
        p50: 200,
        p95: 400,
        p99: 400,
      }),
    ]);
    expect(answer.daily).toEqual([expect.objectContaining({ day: '2026-11-02', route: '/contacts/:id', requests: 4 })]);
    expect((await body(`/api/analytics/api-performance?since=${T}&until=${T + 2 * HOUR}&method=post`)).routes).toEqual(
      [],
    );
  });

  it('draws events per hour, and revenue and the overview answer', async () => {
    const trend = await body(`/api/analytics/trends?series=events&name=Deal Won&since=${T}&until=${T + 2 * HOUR}`);
    expect(trend).toMatchObject({ series: 'events', bucket: 'hour' });
    expect((trend.points as { events?: number }[]).map((point) => point.events)).toEqual([1, 2]);
    expect(await body(`/api/analytics/revenue?since=${T}&until=${T + 2 * HOUR}`)).toMatchObject({
      totals: [],
      daily: [],
    });
    expect(await body('/api/analytics/overview')).toMatchObject({ now: T + 2 * HOUR, activeUsers: { today: 2 } });
  });

  it('groups vitals by route template by default, and lists the pages of one route when asked', async () => {
    const range = `since=${T}&until=${T + 2 * HOUR}`;
    const byRoute = [
      expect.objectContaining({ path: '/contacts/:id', metric: 'LCP', count: 2, p75: 2000 }),
      expect.objectContaining({ path: '/deals', metric: 'LCP', count: 1, p75: 1500 }),
    ];
    expect((await body(`/api/analytics/vitals?${range}`)).vitals).toEqual(byRoute);
    expect((await body(`/api/analytics/vitals?${range}&groupBy=route`)).vitals).toEqual(byRoute);
    const pages = await body(`/api/analytics/vitals?${range}&route=/contacts/:id`);
    expect((pages.vitals as { path: string }[]).map((row) => row.path)).toEqual(['/contacts/1', '/contacts/2']);
    expect(pages.pagesLeftOut).toBe(0);
    // The most measured pages first; ties by name, so /contacts/1 stays.
    const one = await body(`/api/analytics/vitals?${range}&route=/contacts/:id&limit=1`);
    expect((one.vitals as { path: string }[]).map((row) => row.path)).toEqual(['/contacts/1']);
    expect(one.pagesLeftOut).toBe(1);
  });

  it.each([
    ['/api/analytics/vitals?groupBy=page', /groupBy must be path or route/],
    ['/api/analytics/vitals?groupBy=path', /groupBy=path needs route=<template>/],
    ['/api/analytics/trends', /series: must be one of vitals, errors, events, active-users, revenue/],
    ['/api/analytics/trends?series=events&breakdown=plan', /must be trait:<key> or prop:<key>/],
    ['/api/analytics/api-performance?method=G3T', /must be an HTTP method/],
    ['/api/analytics/revenue?since=yesterday', /since: must be epoch milliseconds or an ISO 8601 date/],
  ])('answers %s with a 400 that says why', async (path, message) => {
    const response = await read(path);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });
});
