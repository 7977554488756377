import { afterEach, beforeEach, expect, it } from 'vitest';
import { REPLAY_MAX_SEQ } from '../../shared/protocol.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { createApp } from './app.ts';
import type { AppOptions } from './app.ts';
import { storageOn } from './storage/storage.ts';
import { forEachTestDatabase } from './storage/test-databases.ts';
import type { Storage } from './storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const STAFF = 'staff_token_1';
const NOW = Date.UTC(2026, 5, 1, 12);
const DAY = 86_400_000;
const EVIL = 'https://evil.test';

const event = (patch: Record<string, unknown> = {}) => ({
  id: uuidv7(NOW),
  type: 'track',
  name: 'Deal Won',
  ts: NOW - 5000,
  sessionId: uuidv7(NOW),
  anonymousId: uuidv7(NOW),
  ...patch,
});
const replayEvent = (props: Record<string, unknown>) =>
  event({
    type: 'replay',
    name: undefined,
    data: 'abc',
    props: { replayId: uuidv7(NOW), seq: 0, part: 0, final: true, encoding: 'none', ...props },
  });
const batch = (events: unknown[], sentAt = NOW) => JSON.stringify({ sentAt, events });
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const wideObject = (keys: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, index) => [`k${index}`, 1])));
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

/** The rows every write can add: a case that must store nothing leaves all of them as they were. */
const TABLES = ['events', 'bug_reports', 'feature_requests', 'feature_votes', 'flag_config_versions'] as const;

type Call = (
  request: (path: string, init?: RequestInit) => Response | Promise<Response>,
) => Response | Promise<Response>;
const send =
  (
    method: string,
    path: string,
    body: string | undefined,
    key: string | undefined,
    headers: Record<string, string> = {},
  ): Call =>
  (request) =>
    request(path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
      ...(body === undefined ? {} : { body }),
    });
const ingest = (body: string, headers?: Record<string, string>) =>
  send('POST', '/api/analytics/events', body, WRITE, headers);
const read = (path: string, key = READ) => send('GET', path, undefined, key);

/** Every item of the security pass that the server's input decides, as [label, request, status, error, item message?]. */
const CASES: [string, Call, number, RegExp, RegExp?][] = [
  // 1. Numbers of the wire format are bounded.
  [
    '1 a replay seq of 2^53-1',
    ingest(batch([replayEvent({ seq: 2 ** 53 - 1 })])),
    400,
    /events are invalid/,
    new RegExp(`^props\\.seq: must be from 0 to ${REPLAY_MAX_SEQ}$`),
  ],
  [
    '1 a replay part of a million',
    ingest(batch([replayEvent({ part: 1e6 })])),
    400,
    /events are invalid/,
    /^props\.part: must be from 0 to 10000$/,
  ],
  [
    '1 a delivery attempt of 1e12',
    ingest(batch([event({ attempt: 1e12 })])),
    400,
    /events are invalid/,
    /^attempt: must be from 0 to 1000000000$/,
  ],
  [
    '1 a bug report claiming 1e12 replay chunks',
    send('POST', '/api/bug-reports', JSON.stringify({ description: 'x', severity: 'low', replayChunks: 1e12 }), WRITE),
    400,
    /^invalid bug report: replayChunks: must be from 0 to 1000000$/,
  ],
  [
    '1 an error count of 1e12',
    send(
      'POST',
      '/api/errors',
      batch([
        event({
          type: 'error',
          name: 'TypeError',
          props: {
            kind: 'js',
            type: 'TypeError',
            message: 'x',
            fingerprint: 'f',
            count: 1e12,
            handled: false,
            frames: [],
            breadcrumbs: [],
          },
        }),
      ]),
      WRITE,
    ),
    400,
    /events are invalid/,
    /^props\.count: must be at most 1000000$/,
  ],
  [
    '1 a config version of 1e21',
    read('/api/flags/history/1e21'),
    400,
    /^version must be an integer from 1 to 9007199254740991$/,
  ],
  // 2. Times are bounded; reads never hand out or choke on a cursor.
  [
    '2 an event ts of 1e21',
    ingest(batch([event({ ts: 1e21 })])),
    400,
    /events are invalid/,
    /^ts: must be epoch milliseconds between 1970-01-01 and 2100-01-01$/,
  ],
  [
    '2 a negative event ts',
    ingest(batch([event({ ts: -5 })])),
    400,
    /events are invalid/,
    /^ts: must be epoch milliseconds between/,
  ],
  [
    '2 a batch sentAt of 1e21',
    ingest(batch([event()], 1e21)),
    400,
    /^invalid batch: sentAt: must be epoch milliseconds between 1970-01-01 and 2100-01-01$/,
  ],
  [
    '2 an NPS ts of 1e16',
    send('POST', '/api/feedback/nps', JSON.stringify({ score: 9, ts: 1e16 }), WRITE),
    400,
    /^invalid NPS answer: ts: must be epoch milliseconds between/,
  ],
  [
    '2 an NPS answer from three years ago',
    send('POST', '/api/feedback/nps', JSON.stringify({ score: 9, ts: NOW - 3 * 365 * DAY }), WRITE),
    400,
    /^ts must be within the last 90 days and at most 5 minutes ahead of the server's clock$/,
  ],
  [
    '2 feedback from tomorrow',
    send('POST', '/api/feedback', JSON.stringify({ text: 'hi', ts: NOW + DAY }), WRITE),
    400,
    /^ts must be within the last 90 days/,
  ],
  [
    '2 a cursor with a time of 1e400',
    read(`/api/analytics/events?cursor=${cursorOf('1e400:x')}`),
    400,
    /^cursor is not one this server issued$/,
  ],
  ['2 a cursor of junk', read('/api/feedback?cursor=%27%20OR%201%3D1'), 400, /^cursor is not one this server issued$/],
  [
    '2 a cursor of an overlong id',
    read(`/api/analytics/events?cursor=${cursorOf(`1:${'x'.repeat(150)}`)}`),
    400,
    /^cursor is not one this server issued$/,
  ],
  // 3. Deep and wide JSON is refused before anything recurses into it.
  ['3 a batch 5000 levels deep', ingest(deepArray(5000)), 400, /^body is nested deeper than 64 levels$/],
  [
    '3 /errors 5000 levels deep',
    send('POST', '/api/errors', `{"sentAt":${NOW},"events":[{"props":${deepArray(5000)}}]}`, WRITE),
    400,
    /^body is nested deeper than 64 levels$/,
  ],
  [
    '3 a bug report whose replay is 5000 levels deep',
    send('POST', '/api/bug-reports', `{"description":"x","severity":"low","replay":[{"a":${deepArray(5000)}}]}`, STAFF),
    400,
    /^body is nested deeper than 512 levels$/,
  ],
  [
    '3 a flags config 5000 levels deep',
    send(
      'PUT',
      '/api/flags/config',
      `{"config":{"flags":{"x":{"type":"boolean","defaultValue":false,"rules":[{"force":true,"condition":${'{"$not":'.repeat(5000)}{}${'}'.repeat(5000)}}]}}}}`,
      STAFF,
    ),
    400,
    /^body is nested deeper than 64 levels$/,
  ],
  [
    '3 an NPS answer 5000 levels deep',
    send('POST', '/api/feedback/nps', `{"score":9,"page":${deepArray(5000)}}`, WRITE),
    400,
    /^body is nested deeper than 64 levels$/,
  ],
  [
    '3 feedback 5000 levels deep',
    send('POST', '/api/feedback', `{"text":"x","page":${deepArray(5000)}}`, WRITE),
    400,
    /^body is nested deeper than 64 levels$/,
  ],
  [
    '3 assignments 5000 levels deep',
    send('POST', '/api/experiments/assignments', `{"attributes":{"id":${deepArray(5000)}}}`, WRITE),
    400,
    /^body is nested deeper than 64 levels$/,
  ],
  [
    '3 a batch with an object of 20000 keys',
    ingest(`{"sentAt":${NOW},"events":[],"extra":${wideObject(20_000)}}`),
    400,
    /^an object or array in the body has more than 10000 members$/,
  ],
  // 4. Ranges and result sizes are capped in the one parser.
  [
    '4 retention up to the far future',
    read('/api/analytics/retention?since=2026-01-01&until=2199-01-01'),
    400,
    /^the range from since to until is longer than the limit of 366 days: narrow it$/,
  ],
  [
    '4 a funnel over two years',
    read('/api/analytics/funnels?steps=a,b&since=2024-01-01&until=2026-01-01'),
    400,
    /longer than the limit of 366 days/,
  ],
  [
    '4 a funnel window of a year',
    read(`/api/analytics/funnels?steps=a,b&windowMs=${365 * DAY}`),
    400,
    /windowMs: must be at most 90 days/,
  ],
  [
    '4 error groups over two years',
    read('/api/errors/groups?since=0&until=63072000000'),
    400,
    /longer than the limit of 366 days/,
  ],
  [
    '4 5000 error groups',
    read('/api/errors/groups?limit=5000'),
    400,
    /^invalid error groups query: limit: must be an integer from 1 to 1000$/,
  ],
  [
    '4 a page of 5000 events',
    read('/api/analytics/events?limit=5000'),
    400,
    /^limit must be an integer from 1 to 1000$/,
  ],
  [
    '4 a page of 1e400 feedback items',
    read('/api/feedback?limit=1e400'),
    400,
    /^limit must be an integer from 1 to 1000$/,
  ],
  ['4 500 replay sessions', read('/api/replay/sessions?limit=500'), 400, /^limit must be an integer from 1 to 200$/],
  [
    '4 a bug-report page of 10000',
    read('/api/bug-reports?limit=10000'),
    400,
    /^limit must be an integer from 1 to 500$/,
  ],
  // 5. Patterns that can backtrack exponentially are refused when a flag is saved.
  [
    '5 a nested quantifier',
    send(
      'PUT',
      '/api/flags/definitions/redos',
      JSON.stringify({
        flag: {
          type: 'boolean',
          defaultValue: false,
          rules: [{ force: true, condition: { email: { $regex: '^(a+)+$' } } }],
        },
      }),
      STAFF,
    ),
    400,
    /condition\.email\.\$regex: repeats a group that itself repeats/,
  ],
  [
    '5 a backreference',
    send(
      'PUT',
      '/api/flags/definitions/redos',
      JSON.stringify({
        flag: {
          type: 'boolean',
          defaultValue: false,
          rules: [{ force: true, condition: { tags: { $elemMatch: { $regex: '(a)\\1' } } } }],
        },
      }),
      STAFF,
    ),
    400,
    /\$elemMatch\.\$regex: uses a backreference/,
  ],
  [
    '5 a lookaround',
    send(
      'PUT',
      '/api/flags/config',
      JSON.stringify({
        config: {
          flags: {
            x: {
              type: 'boolean',
              defaultValue: false,
              rules: [{ force: true, condition: { id: { $regexi: '(?=a)a' } } }],
            },
          },
        },
      }),
      STAFF,
    ),
    400,
    /\$regexi: uses a lookaround/,
  ],
  // 6. Attachments are capped.
  [
    '6 a 2 MiB bug report from the public key',
    send(
      'POST',
      '/api/bug-reports',
      JSON.stringify({
        description: 'x'.repeat(10),
        severity: 'low',
        environment: { blob: 'x'.repeat(2 * 1024 * 1024) },
      }),
      WRITE,
    ),
    413,
    /^body is .*\b1048576\b/,
  ],
  [
    '6 a 5 MiB inline replay',
    send(
      'POST',
      '/api/bug-reports',
      JSON.stringify({
        description: 'x',
        severity: 'low',
        replay: Array.from({ length: 700 }, () => ({ data: 'x'.repeat(7500) })),
      }),
      STAFF,
    ),
    413,
    /^replay is \d+ bytes; the limit is 4194304$/,
  ],
  [
    '6 logs over 1 MiB',
    send(
      'POST',
      '/api/bug-reports',
      JSON.stringify({
        description: 'x',
        severity: 'low',
        breadcrumbs: Array.from({ length: 150 }, () => ({ message: 'x'.repeat(8000) })),
      }),
      STAFF,
    ),
    413,
    /^logs \(errors, failedRequests, breadcrumbs, vitals\) are \d+ bytes together; the limit is 1048576$/,
  ],
  // 8. Ingest checks the key before it reads the body.
  [
    '8 a wrong bearer key on a 1 MiB body',
    ingest(' '.repeat(1024 * 1024 - 10), { Authorization: 'Bearer pk_junk' }),
    403,
    /^wrong write key$/,
  ],
  // 9. Allowed origins on every write-key route.
  [
    '9 feedback from another origin',
    send('POST', '/api/feedback', JSON.stringify({ text: 'hi' }), WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed to use this write key/,
  ],
  [
    '9 NPS from another origin',
    send('POST', '/api/feedback/nps', JSON.stringify({ score: 9 }), WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 a feature request from another origin',
    send('POST', '/api/feature-requests', JSON.stringify({ title: 'Dark mode' }), WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 a vote from another origin',
    send('POST', `/api/feature-requests/${uuidv7(NOW)}/votes`, JSON.stringify({ voterId: 'u1' }), WRITE, {
      Origin: EVIL,
    }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 feature requests read from another origin',
    send('GET', '/api/feature-requests', undefined, WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 a bug report from another origin',
    send('POST', '/api/bug-reports', JSON.stringify({ description: 'x', severity: 'low' }), WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 assignments from another origin',
    send('POST', '/api/experiments/assignments', JSON.stringify({ attributes: { id: 'u1' } }), WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 the flags config from another origin',
    send('GET', '/api/flags/config', undefined, WRITE, { Origin: EVIL }),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  [
    '9 a beacon from another origin',
    send(
      'POST',
      '/api/analytics/events',
      JSON.stringify({ sentAt: NOW, writeKey: WRITE, events: [event()] }),
      undefined,
      { Origin: EVIL, 'Content-Type': 'text/plain' },
    ),
    403,
    /^origin https:\/\/evil\.test is not allowed/,
  ],
  // 11. since/until are epoch ms or strict ISO 8601, nothing else.
  [
    '11 SQL in since',
    read(`/api/analytics/events?since=${encodeURIComponent("' OR '1'='1")}`),
    400,
    /^since must be epoch milliseconds or an ISO 8601 date/,
  ],
  [
    '11 an RFC 2822 date',
    read(`/api/feedback/nps?since=${encodeURIComponent('Thu, 01 Jan 2026 00:00:00 GMT')}`),
    400,
    /^since must be epoch milliseconds or an ISO 8601 date/,
  ],
  [
    '11 February 31st',
    read('/api/feedback?until=2026-02-31'),
    400,
    /^until must be epoch milliseconds or an ISO 8601 date/,
  ],
  [
    '11 a time without a zone',
    read('/api/analytics/vitals?since=2026-01-01T10:00'),
    400,
    /^invalid vitals query: since: must be epoch milliseconds or an ISO 8601 date/,
  ],
  [
    '11 a year of 275760',
    read('/api/analytics/retention?until=8640000000000000'),
    400,
    /until: must be epoch milliseconds or an ISO 8601 date .* between 1970 and 2200/,
  ],
  [
    '11 a date in experiment results',
    read('/api/experiments/results?experiment=pipeline-layout&since=yesterday'),
    400,
    /^since must be epoch milliseconds or an ISO 8601 date/,
  ],
  [
    '11 a date in bug reports',
    read('/api/bug-reports?before=2026-13-01'),
    400,
    /^before must be epoch milliseconds or an ISO 8601 date/,
  ],
  // 12. No NUL reaches a database parameter.
  ['12 a NUL in a filter', read('/api/analytics/events?name=a%00b'), 400, /^the URL contains a NUL character/],
];

forEachTestDatabase('bad input', (open) => {
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
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (table) => [
          table,
          Number((await storage.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n),
        ]),
      ),
    );
  beforeEach(async () => {
    storage = await storageOn(await open());
    start();
    await app.request('/api/flags/config', { headers: { Authorization: `Bearer ${READ}` } });
  });
  afterEach(() => storage.close());

  it.each(CASES)('%s', async (_label, call, status, error, itemMessage) => {
    const before = await counts();
    const response = await call((path, init) => app.request(path, init));
    const body = (await response.json()) as { error?: string; items?: { message: string }[] };
    expect(response.status).toBe(status);
    if (status >= 400) expect(body.error).toMatch(error);
    if (itemMessage) expect(body.items?.map((item) => item.message)).toEqual([expect.stringMatching(itemMessage)]);
    expect((await app.request('/api/health')).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('answers 429 with Retry-After once the write key has used its daily storage quota, and lets staff file on', async () => {
    start({ storageQuotas: { bugReportBytesPerDay: 4000, feedbackBytesPerDay: 1500 } });
    const report = (key: string) =>
      app.request('/api/bug-reports', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}` },
        body: JSON.stringify({ description: 'd'.repeat(1500), severity: 'low' }),
      });
    expect((await report(WRITE)).status).toBe(201);
    expect((await report(WRITE)).status).toBe(201);
    const refused = await report(WRITE);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe(String(12 * 3600));
    expect(((await refused.json()) as { error: string }).error).toBe(
      "the public write key's daily storage quota for bug reports (4000 bytes a day) is used up; it resets at 00:00 UTC",
    );
    expect((await report(STAFF)).status).toBe(201);
    const feedback = () =>
      app.request('/api/feedback', {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}` },
        body: JSON.stringify({ text: 't'.repeat(600) }),
      });
    expect([(await feedback()).status, (await feedback()).status]).toEqual([201, 429]);
    expect((await counts()).bug_reports).toBe(3);
  });

  it('reads back whatever times were stored before they were bounded: NPS, pages of events, experiment results, replay', async () => {
    // PostgreSQL's BIGINT never held more than ±9.2e18; SQLite may hold 1e21 from before times were bounded.
    const huge = storage.kind === 'sqlite' ? 1e21 : 1e16;
    const stored = [huge, 1e16, -5, -1e15, NOW].flatMap((ts, index) => [
      {
        ...event({ ts, type: 'nps', name: undefined, props: { score: index, surveyId: 'nps' } }),
        correctedTs: ts,
        receivedAt: NOW,
      },
      {
        ...event({ ts, type: 'exposure', name: undefined, props: { experiment: 'pipeline-layout', variation: 'B' } }),
        correctedTs: ts,
        receivedAt: NOW,
      },
      { ...replayEvent({ seq: index === 0 ? 2 ** 53 - 1 : index }), correctedTs: ts, receivedAt: NOW },
    ]);
    await storage.insertEvents(stored as never);
    const nps = await app.request('/api/feedback/nps', { headers: { Authorization: `Bearer ${READ}` } });
    expect(nps.status).toBe(200);
    expect(((await nps.json()) as { responses: number }).responses).toBe(1);
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const response = await app.request(`/api/analytics/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: { Authorization: `Bearer ${READ}` },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { events: { id: string }[]; nextCursor?: string };
      seen.push(...body.events.map((stored) => stored.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen.sort()).toEqual(stored.map((stored) => stored.id).sort());
    expect(
      (
        await app.request('/api/experiments/results?experiment=pipeline-layout', {
          headers: { Authorization: `Bearer ${READ}` },
        })
      ).status,
    ).toBe(200);
    const sessions = (await (
      await app.request('/api/replay/sessions', { headers: { Authorization: `Bearer ${READ}` } })
    ).json()) as { sessions: { sessionId: string }[] };
    for (const { sessionId } of sessions.sessions) {
      expect(
        (await app.request(`/api/replay/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${READ}` } }))
          .status,
      ).toBeLessThan(500);
    }
    expect((await app.request('/api/health')).status).toBe(200);
  });

  it('stores an event from a broken clock at the time it arrived, tagged clock-clamped, rather than refusing its batch', async () => {
    const good = event({ type: 'identify', props: { traits: {} } });
    const skewed = event({ type: 'identify', props: { traits: {} }, ts: Date.UTC(2090, 0, 1) });
    const response = await app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${WRITE}` },
      body: batch([good, skewed]),
    });
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0, sampleRate: 1 });
    const { events } = await storage.listEvents({ limit: 10 });
    expect(events.find((stored) => stored.id === skewed.id)).toMatchObject({
      ts: Date.UTC(2090, 0, 1),
      correctedTs: NOW,
      tags: ['clock-clamped'],
    });
    expect(events.find((stored) => stored.id === good.id)).toMatchObject({ correctedTs: NOW - 5000 });
    expect(events.find((stored) => stored.id === good.id)?.tags).toBeUndefined();
    // A device whose clock was reset to 1970: its times are off by decades, its skew says by how much.
    const reset = event({ type: 'identify', props: { traits: {} }, ts: 5_000_000 });
    expect(
      (
        await app.request('/api/analytics/events', {
          method: 'POST',
          headers: { Authorization: `Bearer ${WRITE}` },
          body: batch([reset], 6_000_000),
        })
      ).status,
    ).toBe(200);
    expect((await storage.listEvents({ limit: 10 })).events.find((stored) => stored.id === reset.id)).toMatchObject({
      correctedTs: NOW - 1_000_000,
    });
  });

  it('replaces lone surrogates and NUL in stored strings and keys with U+FFFD', async () => {
    const sent = event({ name: 'Deal \ud800Won', props: { 'key\udc00': 'a\u0000b', ok: '😀' } });
    const response = await app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${WRITE}` },
      body: batch([sent]),
    });
    expect(response.status).toBe(200);
    const [stored] = (await storage.listEvents({ limit: 1 })).events;
    expect(stored).toMatchObject({ name: 'Deal \ufffdWon', props: { 'key\ufffd': 'a\ufffdb', ok: '😀' } });
    expect((await storage.db.get<{ name: string }>('SELECT name FROM events'))?.name).toBe('Deal \ufffdWon');
  });
});
