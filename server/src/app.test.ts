import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/uuid.ts';
import { createApp } from './app.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const NOW = 1_700_000_100_000;

const event = (patch: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  type: 'track',
  name: 'Deal Won',
  ts: NOW - 5000,
  sessionId: uuidv7(),
  anonymousId: uuidv7(),
  props: { value: 100 },
  ...patch,
});

describe('the API on a real SQLite file', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-app-'));
    storage = await openStorage({ dataDir: dir });
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ingest = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${WRITE}` }) =>
    app.request('/api/analytics/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const read = (query = '', key = READ) =>
    app.request(`/api/analytics/events${query}`, { headers: { Authorization: `Bearer ${key}` } });

  it('stores each event once, however often it is sent', async () => {
    const events = [event(), event()];
    const first = await ingest({ sentAt: NOW, events });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, sampleRate: 1 });
    const again = await ingest({ sentAt: NOW, events: [...events, event()] });
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2, sampleRate: 1 });
    const stored = (await (await read()).json()) as { events: { id: string }[] };
    expect(stored.events.map((e) => e.id).sort()).toEqual(expect.arrayContaining(events.map((e) => e.id)));
    expect(stored.events).toHaveLength(3);
  });

  it('tags track events that break the tracking plan off-plan, once, and stores them all', async () => {
    const planned = event({ props: { deal_id: 7, value: 5 } });
    const offPlan = event({ props: { value: 100 } });
    const taggedByClient = event({ props: { value: 100 }, tags: ['off-plan'] });
    const unknown = event({ name: 'Something Else', props: {} });
    await ingest({ sentAt: NOW, events: [planned, offPlan, taggedByClient, unknown] });
    const stored = ((await (await read()).json()) as { events: { id: string; tags?: string[] }[] }).events;
    const tags = Object.fromEntries(stored.map((e) => [e.id, e.tags]));
    expect(tags[planned.id]).toBeUndefined();
    expect(tags[offPlan.id]).toEqual(['off-plan']);
    expect(tags[taggedByClient.id]).toEqual(['off-plan']);
    expect(tags[unknown.id]).toEqual(['off-plan']);

    const unchecked = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW, trackingPlan: false });
    const loose = event({ props: { value: 100 } });
    await unchecked.request('/api/analytics/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}` },
      body: JSON.stringify({ sentAt: NOW, events: [loose] }),
    });
    const again = ((await (await read()).json()) as { events: { id: string; tags?: string[] }[] }).events;
    expect(again.find((e) => e.id === loose.id)?.tags).toBeUndefined();
  });

  it('accepts the write key in the body of a text/plain beacon', async () => {
    const response = await ingest(JSON.stringify({ sentAt: NOW, writeKey: WRITE, events: [event()] }), {
      'Content-Type': 'text/plain',
    });
    expect(response.status).toBe(200);
  });

  it('corrects the client clock by the batch sentAt', async () => {
    const skewed = event({ ts: NOW - 60_000 - 2000 });
    await ingest({ sentAt: NOW - 60_000, events: [skewed] });
    const [stored] = ((await (await read()).json()) as { events: { ts: number; correctedTs: number }[] }).events;
    expect(stored).toMatchObject({ ts: NOW - 62_000, correctedTs: NOW - 2000 });
  });

  it('pages newest first with a cursor', async () => {
    const events = Array.from({ length: 5 }, (_, index) => event({ ts: NOW - 10_000 + index }));
    await ingest({ sentAt: NOW, events });
    const first = (await (await read('?limit=2')).json()) as { events: { ts: number }[]; nextCursor: string };
    expect(first.events.map((e) => e.ts)).toEqual([NOW - 9996, NOW - 9997]);
    const second = (await (await read(`?limit=2&cursor=${first.nextCursor}`)).json()) as {
      events: { ts: number }[];
      nextCursor: string;
    };
    expect(second.events.map((e) => e.ts)).toEqual([NOW - 9998, NOW - 9999]);
    const last = (await (await read(`?limit=2&cursor=${second.nextCursor}`)).json()) as {
      events: unknown[];
      nextCursor?: string;
    };
    expect(last.events).toHaveLength(1);
    expect(last.nextCursor).toBeUndefined();
  });

  it.each([
    ['no key', () => ingest({ sentAt: NOW, events: [event()] }, {}), 401, /missing write key/],
    [
      'a wrong key',
      () => ingest({ sentAt: NOW, events: [event()] }, { Authorization: 'Bearer nope' }),
      403,
      /wrong write key/,
    ],
    ['malformed JSON', () => ingest('{"sentAt":', { Authorization: `Bearer ${WRITE}` }), 400, /not valid JSON/],
    ['no events', () => ingest({ sentAt: NOW, events: [] }), 400, /events must not be empty/],
    [
      'an oversize body',
      () => ingest({ sentAt: NOW, events: [event({ props: { big: 'x'.repeat(1_100_000) } })] }),
      413,
      /limit/,
    ],
    ['a read with the write key', () => read('', WRITE), 403, /wrong read key/],
    ['a read without a key', () => app.request('/api/analytics/events'), 401, /missing read key/],
    ['a bad limit', () => read('?limit=0'), 400, /limit must be/],
    ['a forged cursor', () => read('?cursor=abc'), 400, /cursor/],
    ['an unknown route', () => app.request('/api/nope'), 404, /no route GET \/api\/nope/],
  ])('answers %s with a clear 4xx', async (_label, call, status, message) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('names each invalid item of a batch and stores none of it', async () => {
    const good = event();
    const response = await ingest({ sentAt: NOW, events: [good, event({ id: 'x' }), event({ type: 'bogus' })] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: '2 of 3 events are invalid; none stored',
      items: [
        { index: 1, id: 'x', message: 'id: must be a UUID' },
        { index: 2, id: expect.any(String), message: expect.stringMatching(/^type: type must be one of/) },
      ],
    });
    expect(((await (await read()).json()) as { events: unknown[] }).events).toHaveLength(0);
  });

  it('answers 413 when any item is over the size limit, naming the invalid ones around it too', async () => {
    const fits = event({ props: { note: 'x'.repeat(8000), more: 'y'.repeat(8000) } });
    const items = Array.from({ length: 9 }, (_, index) => [`k${index}`, 'z'.repeat(8000)]);
    const oversize = event({ props: Object.fromEntries(items) });
    const response = await ingest({ sentAt: NOW, events: [oversize, event({ id: 'x' }), fits] });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: '2 of 3 events are invalid; none stored',
      items: [
        { index: 0, id: oversize.id, message: expect.stringMatching(/^event is \d+ bytes; the limit is 65536$/) },
        { index: 1, id: 'x', message: 'id: must be a UUID' },
      ],
    });
    expect(((await (await read()).json()) as { events: unknown[] }).events).toHaveLength(0);
  });

  it('tags an off-plan event from a broken clock with both tags', async () => {
    const skewed = event({ props: { value: 100 }, ts: Date.UTC(2090, 0, 1) });
    expect((await ingest({ sentAt: NOW, events: [skewed] })).status).toBe(200);
    const [stored] = ((await (await read()).json()) as { events: { tags?: string[]; correctedTs: number }[] }).events;
    expect(stored).toMatchObject({ tags: ['off-plan', 'clock-clamped'], correctedTs: NOW });
  });

  it('reports health without a key', async () => {
    const response = await app.request('/api/health');
    expect(await response.json()).toEqual({ ok: true, storage: 'sqlite', version: 'dev' });
  });
});
