import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiOnTempStore } from '../../support/api-process.ts';
import type { ApiProcess } from '../../support/api-process.ts';

// The built server (`node scripts/build.mjs server`) on a SQLite file lists events on its bundled worker thread,
// dist/server/event-list-worker.js: without that file every listing would answer 503.
const WRITE = 'pk_listing';
const READ = 'sk_listing';
const T = Date.UTC(2026, 10, 2, 9);
let server: ApiProcess;

const event = (index: number) => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: index % 2 ? 'page' : 'track',
  name: index % 2 ? undefined : 'Deal Won',
  ...(index % 2 ? { props: { cause: 'load', route: '/deals' } } : {}),
  ts: T + index * 1000,
  sessionId: `0190a000-0001-7000-8000-${String(index % 3).padStart(12, '0')}`,
  anonymousId: '0190a000-0002-7000-8000-000000000001',
});

const read = async (path: string) => {
  const response = await fetch(`${server.origin}/api${path}`, { headers: { Authorization: `Bearer ${READ}` } });
  return {
    status: response.status,
    body: (await response.json()) as { events: { id: string }[]; nextCursor?: string },
  };
};

beforeAll(async () => {
  if (!existsSync(resolve('dist/server/event-list-worker.js')))
    throw new Error('build the server first: node scripts/build.mjs server');
  server = await startApiOnTempStore('listing', WRITE, READ);
  const response = await fetch(`${server.origin}/api/analytics/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sentAt: Date.now(), events: Array.from({ length: 30 }, (_, index) => event(index)) }),
  });
  expect(response.status).toBe(200);
}, 60_000);
afterAll(() => server?.stop());

it('pages through every event newest first, filters, and reads a session timeline oldest first', async () => {
  const ids: string[] = [];
  let cursor = '';
  for (let page = 0; page < 5; page++) {
    const { status, body } = await read(`/analytics/events?limit=7${cursor && `&cursor=${cursor}`}`);
    expect(status).toBe(200);
    ids.push(...body.events.map((each) => each.id));
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  expect(ids).toEqual(Array.from({ length: 30 }, (_, index) => event(29 - index).id));
  const tracks = await read('/analytics/events?type=track&name=Deal%20Won&limit=100');
  expect(tracks.body.events).toHaveLength(15);
  const timeline = await read(`/sessions/${event(1).sessionId}/timeline?limit=3`);
  expect(timeline.body.events.map((each) => each.id)).toEqual([event(1).id, event(4).id, event(7).id]);
  expect(timeline.body.nextCursor).toEqual(expect.any(String));
  const bad = await fetch(`${server.origin}/api/analytics/events?cursor=bm9wZQ`, {
    headers: { Authorization: `Bearer ${READ}` },
  });
  expect(bad.status).toBe(400);
}, 30_000);
