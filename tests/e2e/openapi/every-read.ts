import { expect } from 'vitest';
import type { Answer, apiClient, Call } from './api-client.ts';
import { REPORTER_ID } from './seed-and-write.ts';

/** The keys the reads use. */
export interface Keys {
  write: string;
  read: string;
  staff: string;
  metrics: string;
}

/** What the seeded phase knows (ids to read); absent on an empty server, where those reads answer 404. */
export interface Seeded {
  sessionId: string;
  fingerprint: string;
  replaySessionId: string;
  bugReportId: string;
  loadTestId: string;
}

const TREND_SERIES = ['vitals', 'errors', 'events', 'active-users', 'revenue'];

/** The list at `key` of an answer, so a seeded read can be checked to hold rows (an empty list proves little). */
const rows = (answer: { body: unknown }, key: string) => (answer.body as Record<string, unknown[]>)[key] ?? [];

/** A GET with the read key, unless the call names another key or none. */
type Get = (route: string, call?: Call) => Promise<Answer>;

/** Calls every GET route of the API once or more, each answer checked against the document by the client. */
export async function readEverything(client: ReturnType<typeof apiClient>, keys: Keys, seeded?: Seeded): Promise<void> {
  const get: Get = (route, call = {}) => client.call('GET', route, { key: keys.read, ...call });
  await readServiceRoutes(get, keys);
  await readEventsAndFunnels(get, seeded);
  await readPerformance(get, seeded);
  await readSeries(get);
  await readErrors(get, seeded);
  await readOperations(get, seeded);
  await readFeedbackAndReplays(get, keys, seeded);
  await readFlagsAndExperiments(get, keys);
}

/** The routes without the read key: health, the document (and its 304), the session and the metrics. */
async function readServiceRoutes(get: Get, keys: Keys): Promise<void> {
  await get('/api/health', { key: undefined, status: 200 });
  const document = await get('/api/openapi.json', { key: undefined, status: 200 });
  await get('/api/openapi.json', {
    key: undefined,
    headers: { 'If-None-Match': document.headers.get('etag')! },
    status: 304,
  });
  await get('/api/session', { key: undefined, status: 200 });
  await get('/metrics', { key: keys.metrics, status: 200 });
}

/** The events, a session's timeline, a funnel by variation and retention. */
async function readEventsAndFunnels(get: Get, seeded: Seeded | undefined): Promise<void> {
  const events = await get('/api/analytics/events', { query: { limit: '5' }, status: 200 });
  if (seeded) expect((events.body as { nextCursor?: string }).nextCursor).toBeTypeOf('string');
  await get('/api/sessions/:sessionId/timeline', { params: { sessionId: seeded?.sessionId ?? 'none' }, status: 200 });
  const funnel = await get('/api/analytics/funnels', {
    query: { steps: 'Deal Created,Deal Won', experiment: 'pipeline-layout' },
    status: 200,
  });
  if (seeded) expect(rows(funnel, 'result').map((step) => (step as { count: number }).count)).toEqual([3, 2]);
  await get('/api/analytics/retention', { status: 200 });
}

/** Vitals (per route template, per path, one route's pages), long-frame scripts and API performance. */
async function readPerformance(get: Get, seeded: Seeded | undefined): Promise<void> {
  const vitals = await get('/api/analytics/vitals', { status: 200 });
  if (seeded) expect(rows(vitals, 'vitals').length).toBeGreaterThan(0);
  await get('/api/analytics/vitals', { query: { groupBy: 'route' }, status: 200 });
  const route = (rows(vitals, 'vitals')[0] as { path: string } | undefined)?.path ?? '/';
  const pages = await get('/api/analytics/vitals', { query: { route, limit: '1' }, status: 200 });
  if (seeded) expect((pages.body as { pagesLeftOut?: number }).pagesLeftOut).toBeTypeOf('number');
  await get('/api/analytics/long-frame-scripts', { query: { limit: '5' }, status: 200 });
  const apiPerformance = await get('/api/analytics/api-performance', { status: 200 });
  if (seeded) expect(rows(apiPerformance, 'routes').length).toBeGreaterThan(0);
}

/** Every trend series, revenue (also by a trait), the overview and the engine's status. */
async function readSeries(get: Get): Promise<void> {
  for (const series of TREND_SERIES) await get('/api/analytics/trends', { query: { series }, status: 200 });
  await get('/api/analytics/trends', { query: { series: 'events', breakdown: 'trait:plan' }, status: 200 });
  await get('/api/analytics/revenue', { status: 200 });
  await get('/api/analytics/revenue', { query: { breakdown: 'trait:plan' }, status: 200 });
  await get('/api/analytics/overview', { status: 200 });
  await get('/api/analytics/engine/status', { status: 200 });
}

/** The error groups, one group's impact and a release's source maps. */
async function readErrors(get: Get, seeded: Seeded | undefined): Promise<void> {
  const groups = await get('/api/errors/groups', { status: 200 });
  if (seeded) expect(rows(groups, 'groups').length).toBeGreaterThan(0);
  await get('/api/errors/groups/:fingerprint/impact', {
    params: { fingerprint: seeded?.fingerprint ?? 'none' },
    query: { conversion: 'Deal Won' },
    status: 200,
  });
  await get('/api/sourcemaps', { query: { release: '2026.12.1' }, status: 200 });
}

/** Infrastructure metrics, scaling, capacity and health, the load tests, and the alerts (with a refused origin). */
async function readOperations(get: Get, seeded: Seeded | undefined): Promise<void> {
  await get('/api/infrastructure/metrics', { status: 200 });
  await get('/api/infrastructure/metrics', { query: { routes: '1', step: '1m' }, status: 200 });
  await get('/api/infrastructure/scaling', { status: 200 });
  await get('/api/infrastructure/capacity', { status: 200 });
  await get('/api/infrastructure/health', { status: 200 });
  const runs = await get('/api/load-tests/runs', { status: 200 });
  if (seeded) expect(rows(runs, 'runs').length).toBe(1);
  await get('/api/load-tests/:id', { params: { id: seeded?.loadTestId ?? 'none' }, status: seeded ? 200 : 404 });
  await get('/api/alerts/rules', { status: 200 });
  await get('/api/alerts/incidents', { status: 200 });
  await get('/api/alerts/incidents', { query: { origin: 'https://crm.example.com', status: 'open' }, status: 200 });
  await get('/api/alerts/incidents', { query: { origin: 'https://crm.example.com/deals' }, status: 400 });
  const notifications = await get('/api/alerts/notifications', { status: 200 });
  if (seeded) expect(rows(notifications, 'notifications').length).toBeGreaterThan(0);
}

/** NPS, feedback, feature requests, bug reports (filtered, refused, one by id) and the replays. */
async function readFeedbackAndReplays(get: Get, keys: Keys, seeded: Seeded | undefined): Promise<void> {
  const nps = await get('/api/feedback/nps', { status: 200 });
  if (seeded) expect(rows(nps, 'comments').length).toBeGreaterThan(0);
  await get('/api/feedback', { status: 200 });
  await get('/api/feature-requests', { key: keys.write, query: { voterId: 'user-1' }, status: 200 });
  await get('/api/bug-reports', { status: 200 });
  const mine = await get('/api/bug-reports', { query: { reporter: REPORTER_ID, status: 'triaged' }, status: 200 });
  if (seeded)
    expect(rows(mine, 'reports').map((report) => (report as { id: string }).id)).toEqual([seeded.bugReportId]);
  await get('/api/bug-reports', { query: { status: 'done' }, status: 400 });
  await get('/api/bug-reports/routing-rules', { status: 200 });
  await get('/api/bug-reports/:id', { params: { id: seeded?.bugReportId ?? 'none' }, status: seeded ? 200 : 404 });
  const replays = await get('/api/replay/sessions', { status: 200 });
  if (seeded) expect(rows(replays, 'sessions').length).toBe(1);
  await get('/api/replay/sessions/:sessionId', {
    params: { sessionId: seeded?.replaySessionId ?? '0193a000-0000-7000-8000-000000000000' },
    status: seeded ? 200 : 404,
  });
}

/** The flags config (and its 304), the flags' history, and experiment results and the running experiments. */
async function readFlagsAndExperiments(get: Get, keys: Keys): Promise<void> {
  const config = await get('/api/flags/config', { key: keys.write, status: 200 });
  await get('/api/flags/config', {
    key: keys.write,
    headers: { 'If-None-Match': config.headers.get('etag')! },
    status: 304,
  });
  await get('/api/flags/history', { status: 200 });
  await get('/api/flags/history/:version', { params: { version: '1' }, status: 200 });
  await get('/api/experiments/results', {
    query: { experiment: 'pipeline-layout', metric: ['conversion:Deal Won', 'mean:value:Deal Created'] },
    status: 200,
  });
  const running = await get('/api/experiments/running', {
    query: { metric: ['conversion:Deal Won', 'mean:value:Deal Created'] },
    status: 200,
  });
  expect(rows(running, 'experiments').length).toBeGreaterThan(0);
}
