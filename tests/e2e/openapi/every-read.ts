import { expect } from 'vitest';
import type { apiClient } from './api-client.ts';
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

/** Calls every GET route of the API once or more, each answer checked against the document by the client. */
export async function readEverything(client: ReturnType<typeof apiClient>, keys: Keys, seeded?: Seeded): Promise<void> {
  const get = (route: string, call: Parameters<typeof client.call>[2] = {}) =>
    client.call('GET', route, { key: keys.read, ...call });
  await get('/api/health', { key: undefined, status: 200 });
  const document = await get('/api/openapi.json', { key: undefined, status: 200 });
  await get('/api/openapi.json', {
    key: undefined,
    headers: { 'If-None-Match': document.headers.get('etag')! },
    status: 304,
  });
  await get('/api/session', { key: undefined, status: 200 });
  await get('/metrics', { key: keys.metrics, status: 200 });

  const events = await get('/api/analytics/events', { query: { limit: '5' }, status: 200 });
  if (seeded) expect((events.body as { nextCursor?: string }).nextCursor).toBeTypeOf('string');
  await get('/api/sessions/:sessionId/timeline', { params: { sessionId: seeded?.sessionId ?? 'none' }, status: 200 });
  const funnel = await get('/api/analytics/funnels', {
    query: { steps: 'Deal Created,Deal Won', experiment: 'pipeline-layout' },
    status: 200,
  });
  if (seeded) expect(rows(funnel, 'result').map((step) => (step as { count: number }).count)).toEqual([3, 2]);
  await get('/api/analytics/retention', { status: 200 });
  const vitals = await get('/api/analytics/vitals', { status: 200 });
  if (seeded) expect(rows(vitals, 'vitals').length).toBeGreaterThan(0);
  await get('/api/analytics/vitals', { query: { groupBy: 'route' }, status: 200 });
  const route = (rows(vitals, 'vitals')[0] as { path: string } | undefined)?.path ?? '/';
  const pages = await get('/api/analytics/vitals', { query: { route, limit: '1' }, status: 200 });
  if (seeded) expect((pages.body as { pagesLeftOut?: number }).pagesLeftOut).toBeTypeOf('number');
  await get('/api/analytics/long-frame-scripts', { query: { limit: '5' }, status: 200 });
  const apiPerformance = await get('/api/analytics/api-performance', { status: 200 });
  if (seeded) expect(rows(apiPerformance, 'routes').length).toBeGreaterThan(0);
  for (const series of TREND_SERIES) await get('/api/analytics/trends', { query: { series }, status: 200 });
  await get('/api/analytics/trends', { query: { series: 'events', breakdown: 'trait:plan' }, status: 200 });
  await get('/api/analytics/revenue', { status: 200 });
  await get('/api/analytics/revenue', { query: { breakdown: 'trait:plan' }, status: 200 });
  await get('/api/analytics/overview', { status: 200 });
  await get('/api/analytics/engine/status', { status: 200 });

  const groups = await get('/api/errors/groups', { status: 200 });
  if (seeded) expect(rows(groups, 'groups').length).toBeGreaterThan(0);
  await get('/api/errors/groups/:fingerprint/impact', {
    params: { fingerprint: seeded?.fingerprint ?? 'none' },
    query: { conversion: 'Deal Won' },
    status: 200,
  });
  await get('/api/sourcemaps', { query: { release: '2026.12.1' }, status: 200 });

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
