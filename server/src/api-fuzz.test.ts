import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
const SEED = 20_261_206;
const TABLES = [
  'events',
  'bug_reports',
  'feature_requests',
  'feature_votes',
  'flag_config_versions',
  'bug_routing_rules',
  'error_groups',
] as const;

const id = () => uuidv7(NOW);
const event = (patch: Record<string, unknown> = {}) => ({
  id: id(),
  type: 'identify',
  ts: NOW - 1000,
  sessionId: id(),
  anonymousId: id(),
  ...patch,
});
const errorProps = {
  kind: 'js',
  type: 'TypeError',
  message: 'x is undefined',
  fingerprint: 'fp1',
  count: 1,
  handled: false,
  frames: [],
  breadcrumbs: [],
};

/**
 * Every route with a valid body to start from (mutated, replaced or kept by the generator). `POST /load-tests/run`
 * is left out: its valid input deliberately sends hundreds of requests (hardening.test.ts covers its bounds).
 */
const ROUTES: { method: string; path: string; key?: string; body?: () => unknown }[] = [
  { method: 'POST', path: '/api/analytics/events', key: WRITE, body: () => ({ sentAt: NOW, events: [event()] }) },
  { method: 'GET', path: '/api/analytics/events', key: READ },
  { method: 'GET', path: '/api/sessions/:id/timeline', key: READ },
  { method: 'GET', path: '/api/analytics/funnels', key: READ },
  { method: 'GET', path: '/api/analytics/retention', key: READ },
  { method: 'GET', path: '/api/analytics/vitals', key: READ },
  {
    method: 'POST',
    path: '/api/errors',
    key: WRITE,
    body: () => ({ sentAt: NOW, events: [event({ type: 'error', name: 'TypeError', props: errorProps })] }),
  },
  { method: 'GET', path: '/api/errors/groups', key: READ },
  { method: 'PATCH', path: '/api/errors/groups/:id', key: READ, body: () => ({ status: 'resolved' }) },
  { method: 'GET', path: '/api/errors/groups/:id/impact', key: READ },
  { method: 'GET', path: '/api/infrastructure/metrics', key: READ },
  { method: 'POST', path: '/api/feedback/nps', key: WRITE, body: () => ({ score: 9, comment: 'good' }) },
  { method: 'GET', path: '/api/feedback/nps', key: READ },
  { method: 'POST', path: '/api/feedback', key: WRITE, body: () => ({ text: 'nice', category: 'ui' }) },
  { method: 'GET', path: '/api/feedback', key: READ },
  { method: 'GET', path: '/api/feature-requests', key: WRITE },
  {
    method: 'POST',
    path: '/api/feature-requests',
    key: WRITE,
    body: () => ({ title: 'Dark mode', description: 'please' }),
  },
  { method: 'POST', path: '/api/feature-requests/:id/votes', key: WRITE, body: () => ({ voterId: 'u1' }) },
  {
    method: 'POST',
    path: '/api/bug-reports',
    key: WRITE,
    body: () => ({ description: 'broken', severity: 'high', page: { url: 'https://crm.test/x', path: '/x' } }),
  },
  { method: 'GET', path: '/api/bug-reports', key: READ },
  { method: 'GET', path: '/api/bug-reports/routing-rules', key: READ },
  {
    method: 'PUT',
    path: '/api/bug-reports/routing-rules',
    key: READ,
    body: () => ({ rules: [{ category: 'sales', pagePrefix: '/deals', webhook: 'https://hooks.test/x' }] }),
  },
  { method: 'GET', path: '/api/bug-reports/:id', key: READ },
  { method: 'PATCH', path: '/api/bug-reports/:id', key: STAFF, body: () => ({ status: 'triaged' }) },
  { method: 'GET', path: '/api/load-tests/:id', key: READ },
  { method: 'GET', path: '/api/alerts/incidents', key: READ },
  { method: 'GET', path: '/api/replay/sessions', key: READ },
  { method: 'GET', path: '/api/replay/sessions/:id', key: READ },
  { method: 'GET', path: '/api/flags/config', key: WRITE },
  { method: 'GET', path: '/api/flags/history', key: READ },
  { method: 'GET', path: '/api/flags/history/:id', key: READ },
  {
    method: 'PUT',
    path: '/api/flags/config',
    key: STAFF,
    body: () => ({
      config: {
        flags: {
          beta: {
            type: 'boolean',
            defaultValue: false,
            rules: [{ force: true, condition: { email: { $regex: '@crm\\.test$' } } }],
          },
        },
      },
    }),
  },
  {
    method: 'PUT',
    path: '/api/flags/definitions/:id',
    key: STAFF,
    body: () => ({ flag: { type: 'string', defaultValue: 'a', rules: [{ variations: ['a', 'b'], key: 'exp-x' }] } }),
  },
  { method: 'DELETE', path: '/api/flags/definitions/:id', key: STAFF },
  {
    method: 'POST',
    path: '/api/flags/override-token',
    key: STAFF,
    body: () => ({ origin: 'https://crm.test', ttlMinutes: 5 }),
  },
  {
    method: 'POST',
    path: '/api/experiments/assignments',
    key: WRITE,
    body: () => ({ attributes: { id: 'u1', email: 'a@crm.test' } }),
  },
  { method: 'GET', path: '/api/experiments/results', key: READ },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/no-such-route' },
];

const QUERY_NAMES = [
  'since',
  'until',
  'before',
  'limit',
  'cursor',
  'steps',
  'windowMs',
  'experiment',
  'metric',
  'status',
  'conversion',
  'path',
  'type',
  'name',
  'sessionId',
  'userId',
  'surveyId',
  'voterId',
  'author',
  'note',
  'reporter',
  'origin',
  'rule',
];

/** Values that probe parsers: numbers at and past the edges, dates strict and loose, injection, junk. */
const tricky = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '0',
    '-1',
    '1e21',
    '9007199254740993',
    '2026-01-01',
    '2026-02-31',
    '2026-01-01T10:00:00Z',
    "' OR '1'='1",
    'NaN',
    '',
    '%00',
    '\ud800',
    'page:/x,Deal Won',
    'conversion:Deal Won',
  ),
  fc.integer({ min: -1e15, max: 1e16 }).map(String),
);

/** A JSON path of a value, to mutate one field of a valid body. */
function setAt(value: unknown, pick: number, replacement: unknown): unknown {
  if (typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (!keys.length || pick % 3 === 0) return replacement;
  const key = keys[pick % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value };
  copy[key] = setAt((value as Record<string, unknown>)[key], Math.floor(pick / 3), replacement);
  return copy;
}

const json = fc.jsonValue({ maxDepth: 4 });
// Nesting deeper than a recursive serializer survives (about 4000 levels), spliced into a body as text: building it
// as a value would overflow this test's own JSON.stringify.
const DEEP = '"__deep__"';
const deep = fc.integer({ min: 65, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const body = (valid: (() => unknown) | undefined) =>
  fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(), deep)
        .map(([pick, nested]) =>
          valid ? JSON.stringify(setAt(valid(), pick, JSON.parse(DEEP))).replace(DEEP, nested) : nested,
        ),
    },
    { weight: 2, arbitrary: fc.constant(valid ? JSON.stringify(valid()) : undefined) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(), fc.oneof(json, tricky))
        .map(([pick, replacement]) => (valid ? JSON.stringify(setAt(valid(), pick, replacement)) : undefined)),
    },
    json.map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 60 }),
  );

const request = fc.integer({ min: 0, max: ROUTES.length - 1 }).chain((index) =>
  fc.record({
    route: fc.constant(ROUTES[index]!),
    param: fc.oneof(
      fc.constant(uuidv7(NOW)),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('1', '-1', '1e21', 'fp1', 'beta', '%2e%2e'),
    ),
    query: fc.dictionary(fc.constantFrom(...QUERY_NAMES), tricky, { maxKeys: 4 }),
    // Mostly the credential the route takes, so most requests reach its parser; every other one too.
    credential: fc.oneof(
      { weight: 3, arbitrary: fc.constant(ROUTES[index]!.key) },
      { weight: 2, arbitrary: fc.constantFrom(undefined, WRITE, READ, STAFF, 'junk-token') },
    ),
    body: body(ROUTES[index]!.body),
    gzip: fc.boolean(),
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
    origin: fc.constantFrom(
      undefined,
      undefined,
      'https://crm.test',
      'https://crm.test',
      'https://evil.test',
      'chrome-extension://abc',
    ),
    forwardedFor: fc.option(fc.string({ maxLength: 30 }).filter((text) => /^[\x20-\x7e]*$/.test(text))),
  }),
);

forEachTestDatabase('generated requests at every route', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    storage = await storageOn(await open());
    const options: AppOptions = {
      storage,
      writeKey: WRITE,
      readKey: READ,
      staffTokens: [STAFF],
      allowedOrigins: ['https://crm.test'],
      rateLimit: { perMinute: 100_000, burst: 100_000 },
      trustProxy: 1,
      now: () => NOW,
      // Deliveries of routed bug reports stay in the process.
      outboundClient: { post: async () => ({ ok: true, status: 204, durationMs: 0 }) },
    };
    app = createApp(options);
    // The flags file is imported as version 1 on the store's first use, whatever that request's answer.
    await app.request('/api/flags/config', { headers: { Authorization: `Bearer ${READ}` } });
  });
  afterAll(() => storage.close());
  const counts = async () =>
    Promise.all(
      TABLES.map(async (table) =>
        Number((await storage.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n),
      ),
    );

  it('never answers 5xx, keeps health answering, and changes rows only for a 2xx', async () => {
    const runs = storage.kind === 'sqlite' ? 400 : 150;
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const path = generated.route.path.replace(':id', encodeURIComponent(generated.param));
        const query = new URLSearchParams(generated.query).toString();
        const raw =
          generated.body === undefined || generated.route.method === 'GET'
            ? undefined
            : generated.gzip
              ? gzipSync(generated.body)
              : generated.body;
        const headers: Record<string, string> = {};
        if (generated.credential) headers.Authorization = `Bearer ${generated.credential}`;
        if (generated.contentType) headers['Content-Type'] = generated.contentType;
        if (generated.gzip && raw !== undefined) headers['Content-Encoding'] = 'gzip';
        if (generated.origin) headers.Origin = generated.origin;
        if (generated.forwardedFor !== null) headers['X-Forwarded-For'] = generated.forwardedFor;
        const before = await counts();
        const response = await app.request(`${path}${query ? `?${query}` : ''}`, {
          method: generated.route.method,
          headers,
          ...(raw === undefined ? {} : { body: raw }),
        });
        const text = await response.text();
        expect(response.status, `${generated.route.method} ${path}?${query} → ${text.slice(0, 200)}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(JSON.parse(text)).toEqual({
            error: expect.any(String),
            ...(text.includes('"items"') ? { items: expect.any(Array) } : {}),
          });
          expect(
            await counts(),
            `${generated.route.method} ${path} answered ${response.status} but changed rows`,
          ).toEqual(before);
        }
        expect((await app.request('/api/health')).status).toBe(200);
      }),
      { numRuns: runs, seed: SEED, endOnFailure: true },
    );
  }, 60_000);
});
