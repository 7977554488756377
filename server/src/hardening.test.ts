import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol.ts';
import { runLoadTestToEnd } from '../../tests/support/load-test-run.ts';
import { createApp } from './app.ts';
import type { AppOptions } from './app.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const STAFF = 'staff_token_1';
const NOW = 1_700_000_100_000;
let counter = 0;
const event = (patch: Record<string, unknown> = {}) => ({
  id: `0190a000-0000-7000-8000-${String(++counter).padStart(12, '0')}`,
  type: 'track',
  name: 'Deal Won',
  ts: NOW - 5000,
  sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
  anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
  ...patch,
});
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nested(depth - 1) });

describe('hardening of the API', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  const start = (options: Partial<AppOptions> = {}) => {
    app = createApp({
      storage,
      writeKey: WRITE,
      readKey: READ,
      staffTokens: [STAFF],
      allowedOrigins: ['https://crm.test'],
      now: () => NOW,
      ...options,
    });
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-hardening-'));
    storage = await openStorage({ dataDir: dir });
    start();
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = {}, path = '/api/analytics/events') =>
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}`, ...headers },
      body: body as BodyInit,
    });
  const batch = (events: unknown[]) => JSON.stringify({ sentAt: NOW, events });
  const read = (path: string, key?: string) =>
    app.request(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // 50 MB of spaces, about 50 KB on the wire

  it.each<[string, () => Response | Promise<Response>, number, RegExp, RegExp?]>([
    ['malformed JSON', () => post('{"sentAt": 1, "events": ['), 400, /^body is not valid JSON/],
    ['wrong types', () => post(batch([event({ ts: 'yesterday' })])), 400, /^1 of 1 events are invalid/, /^ts: /],
    ['an unknown event type', () => post(batch([event({ type: 'click' })])), 400, /invalid/, /type must be one of/],
    ['a batch that is not an object', () => post('[1,2]'), 400, /^invalid batch/],
    [
      'too many items',
      () => post(batch(Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => event()))),
      400,
      /at most 500 events per batch/,
    ],
    ['an oversize body', () => post(batch([event({ props: { big: 'x'.repeat(LIMITS.batchBytes) } })])), 413, /limit/],
    [
      'an oversize item',
      () =>
        post(
          batch([
            event(),
            event({
              props: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`k${index}`, 'x'.repeat(7000)])),
            }),
          ]),
        ),
      413,
      /^1 of 2 events are invalid/,
      /^event is \d+ bytes; the limit is 65536$/,
    ],
    [
      'an oversize item whose bulk is in a key the schema drops',
      () => post(batch([event({ unknown: 'x'.repeat(LIMITS.eventBytes) })])),
      413,
      /^1 of 1 events are invalid/,
      /^event is \d+ bytes; the limit is 65536$/,
    ],
    [
      'deep nesting',
      () => post(batch([event({ props: nested(10) as Record<string, unknown> })])),
      400,
      /invalid/,
      /nested deeper than 6 levels/,
    ],
    [
      'an overlong string',
      () => post(batch([event({ props: { note: 'x'.repeat(LIMITS.stringLength + 1) } })])),
      400,
      /invalid/,
      /string longer than 8192 characters/,
    ],
    [
      'a gzip bomb',
      () => post(bomb, { 'Content-Encoding': 'gzip' }),
      413,
      /^decompressed body is over the limit of 1048576 bytes$/,
    ],
    [
      'corrupt gzip',
      () => post(new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4]), { 'Content-Encoding': 'gzip' }),
      400,
      /could not be decompressed/,
    ],
    [
      'an unsupported encoding',
      () => post('{}', { 'Content-Encoding': 'br' }),
      415,
      /Content-Encoding "br" is not supported/,
    ],
    ['a missing key', () => post(batch([event()]), { Authorization: '' }), 401, /^missing write key/],
    ['a wrong key', () => post(batch([event()]), { Authorization: 'Bearer pk_nope' }), 403, /^wrong write key$/],
    [
      'the read key on ingest',
      () => post(batch([event()]), { Authorization: `Bearer ${READ}` }),
      403,
      /^wrong write key$/,
    ],
    [
      'a disallowed origin',
      () => post(batch([event()]), { Origin: 'https://evil.test' }),
      403,
      /origin https:\/\/evil.test is not allowed to use this write key/,
    ],
    ['a read with the write key', () => read('/api/analytics/events', WRITE), 403, /this is the public write key/],
    ['a read without a key', () => read('/api/analytics/vitals'), 401, /^missing read key/],
    [
      'a read with a wrong key',
      () => read('/api/errors/groups', 'sk_nope'),
      403,
      /^wrong read key: reads take the secret read key or a staff token$/,
    ],
    [
      'a funnel without steps',
      () => read('/api/analytics/funnels', READ),
      400,
      /^invalid funnel query: steps: needs at least 2 comma-separated event names/,
    ],
    ['a funnel of one step', () => read('/api/analytics/funnels?steps=Signup', READ), 400, /steps: needs at least 2/],
    [
      'a reversed range',
      () => read('/api/analytics/vitals?since=2026-02-01&until=2026-01-01', READ),
      400,
      /since must be before until/,
    ],
    [
      'a bad time',
      () => read('/api/analytics/retention?since=soon', READ),
      400,
      /since: must be epoch milliseconds or an ISO 8601 date/,
    ],
    [
      'an unknown error status',
      () => read('/api/errors/groups?status=fixed', READ),
      400,
      /status must be one of open, resolved, ignored/,
    ],
    [
      'impact without a conversion event',
      () => read('/api/errors/groups/fp/impact', READ),
      400,
      /conversion is required/,
    ],
    [
      'an error event that is not one',
      () => post(batch([event()]), {}, '/api/errors'),
      400,
      /invalid/,
      /this route takes only "error" events/,
    ],
    [
      'error props that do not match',
      () => post(batch([event({ type: 'error', props: { message: 'x' } })]), {}, '/api/errors'),
      400,
      /invalid/,
      /^props\.kind: /,
    ],
    [
      'an oversize load test',
      () =>
        app.request('/api/load-tests/run', {
          method: 'POST',
          headers: { Authorization: `Bearer ${STAFF}` },
          body: '{"requests":5000}',
        }),
      400,
      /requests must be at most 2000/,
    ],
  ])('answers %s with a clear 4xx', async (_label, call, status, message, itemMessage) => {
    const response = await call();
    const body = (await response.json()) as { error: string; items?: { message: string }[] };
    expect(response.status).toBe(status);
    expect(body.error).toMatch(message);
    if (itemMessage)
      expect(body.items?.map((item) => item.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(itemMessage)]),
      );
    expect((await storage.listEvents({ limit: 10 })).events).toHaveLength(0);
  });

  it('acknowledges duplicate ids, within a batch and across batches, without storing them again', async () => {
    const first = event();
    const response = await post(batch([first, first, event()]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 1, sampleRate: 1 });
    expect(await (await post(batch([first]))).json()).toEqual({ accepted: 0, duplicates: 1, sampleRate: 1 });
    expect((await storage.listEvents({ limit: 10 })).events).toHaveLength(2);
  });

  it('answers concurrent batches each on its own: duplicates within and across them stored once, a bad one refused alone', async () => {
    const [a, b, c] = [event(), event(), event()];
    const answers = await Promise.all([
      post(batch([a, b, a])),
      post(batch([b, c])),
      post(batch([c, event({ ts: 'yesterday' })])),
      post(batch([a, c])),
    ]);
    expect(answers.map((response) => response.status)).toEqual([200, 200, 400, 200]);
    const bodies = await Promise.all(answers.map((response) => response.json()));
    expect(bodies).toEqual([
      { accepted: 2, duplicates: 1, sampleRate: 1 },
      { accepted: 1, duplicates: 1, sampleRate: 1 },
      {
        error: '1 of 2 events are invalid; none stored',
        items: [{ index: 1, id: expect.any(String), message: expect.stringMatching(/^ts: /) }],
      },
      { accepted: 0, duplicates: 2, sampleRate: 1 },
    ]);
    expect((await storage.listEvents({ limit: 10 })).events.map((stored) => stored.id).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );
  });

  it('stores an event without the keys the schema does not know, as the JSON it would serialize to', async () => {
    // An event on the tracking plan, so the stored copy differs from the sent one only by what the API adds.
    const page = { url: 'https://crm.test/deals', path: '/deals' };
    const sent = event({ page, props: { deal_id: 1, value: 1 } });
    const withUnknownKeys = { ...sent, extra: 'dropped', page: { ...page, extra: 'dropped' } };
    expect(await (await post(batch([withUnknownKeys]))).json()).toEqual({ accepted: 1, duplicates: 0, sampleRate: 1 });
    const [stored] = (await storage.listEvents({ limit: 10 })).events;
    expect(stored).toEqual({ ...sent, receivedAt: NOW, correctedTs: NOW - 5000 });
    const row = await storage.db.get<{ body: string }>('SELECT body FROM events');
    expect(row?.body).toBe(JSON.stringify(stored));
  });

  it('accepts a gzip body, and a text/plain beacon from an allowed origin', async () => {
    const gzipped = await post(gzipSync(batch([event()])), { 'Content-Encoding': 'gzip' });
    expect(await gzipped.json()).toEqual({ accepted: 1, duplicates: 0, sampleRate: 1 });
    const beacon = await post(JSON.stringify({ sentAt: NOW, writeKey: WRITE, events: [event()] }), {
      'Content-Type': 'text/plain',
      Authorization: '',
      Origin: 'https://crm.test',
    });
    expect(beacon.status).toBe(200);
    expect(beacon.headers.get('Access-Control-Allow-Origin')).toBe('https://crm.test');
  });

  it.each([
    ['https://crm.test', 'https://crm.test'],
    ['chrome-extension://abcdef', 'chrome-extension://abcdef'],
    ['https://evil.test', null],
  ])('answers a CORS preflight from %s', async (origin, allowed) => {
    const response = await app.request('/api/analytics/events', {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, content-encoding',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(allowed);
  });

  it('lets staff tokens read but not write', async () => {
    expect((await read('/api/analytics/events', STAFF)).status).toBe(200);
    expect((await post(batch([event()]), { Authorization: `Bearer ${STAFF}` })).status).toBe(403);
  });

  it('hints at sampling as a client uses up its budget, then answers 429 with Retry-After', async () => {
    start({ rateLimit: { perMinute: 4, burst: 4 } });
    const rates: number[] = [];
    for (let index = 0; index < 4; index++)
      rates.push(((await (await post(batch([event()]))).json()) as { sampleRate: number }).sampleRate);
    // Tokens left after each: 3/4, 2/4, 1/4, 0/4 → keep all while half is left, then 2×fill, never under 0.1.
    expect(rates).toEqual([1, 1, 0.5, 0.1]);
    const limited = await post(batch([event()]));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('15'); // one token refills in 60 s / 4
    expect(((await limited.json()) as { error: string }).error).toMatch(
      /rate limit reached for this key and client; retry after 15 s/,
    );
    // The read key is another bucket.
    expect((await read('/api/analytics/events', READ)).status).toBe(200);
  });

  it('runs a bounded load test and leaves no test events behind', async () => {
    const { started, finished } = await runLoadTestToEnd(
      async (path, init) => app.request(path, init),
      `Bearer ${READ}`,
      { requests: 12, concurrency: 3, eventsPerBatch: 5 },
    );
    expect(started).toMatchObject({ status: 'running', progress: { sent: 0, of: 12 } });
    expect(finished.status).toBe('done');
    expect(finished.result).toMatchObject({
      requests: 12,
      concurrency: 3,
      eventsPerBatch: 5,
      ok: 12,
      rateLimited: 0,
      failed: 0,
      transport: 'in-process',
      deletedEvents: 60,
    });
    expect(finished.result?.eventsPerSecond).toBeGreaterThan(0);
    expect((await storage.listEvents({ limit: 10 })).events).toHaveLength(0);
  });

  it('reports infrastructure metrics to the read key', async () => {
    await post(batch([event(), event()]));
    await read('/api/analytics/events', 'sk_nope');
    const response = await read('/api/infrastructure/metrics', READ);
    const body = (await response.json()) as {
      requests: { total: number; byStatus: Record<string, number> };
      storage: { kind: string; events: number };
    };
    expect(body.storage).toEqual({ kind: 'sqlite', events: 2 });
    expect(body.requests.byStatus).toEqual({ '2xx': 1, '4xx': 1 });
  });
});
