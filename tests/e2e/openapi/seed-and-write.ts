import { expect } from 'vitest';
import type { apiClient } from './api-client.ts';
import type { Keys, Seeded } from './every-read.ts';
import { fixtureEvents } from './fixture-events.ts';

type Client = ReturnType<typeof apiClient>;

/** The reporter id the staff-filed bug report carries, as the extension sends it. */
export const REPORTER_ID = 'reporter-openapi';

/**
 * Seeds the fixture through the API and makes every kind of write once (with a few refusals, whose error bodies are
 * checked too); answers the ids the reads need.
 */
export async function seedAndWrite(client: Client, keys: Keys): Promise<Seeded> {
  const fixture = fixtureEvents(Date.now());
  const sentAt = Date.now();
  const ingest = await client.call('POST', '/api/analytics/events', {
    key: keys.write,
    body: { sentAt, events: fixture.events },
    status: 200,
  });
  expect(ingest.body).toMatchObject({ accepted: fixture.events.length, duplicates: 0 });
  const refused = await client.call('POST', '/api/analytics/events', {
    key: keys.write,
    body: { sentAt, events: [{ id: 'not-a-uuid', type: 'track' }] },
    status: 400,
  });
  expect((refused.body as { items: unknown[] }).items).toHaveLength(1);
  await client.call('POST', '/api/analytics/events', { body: { sentAt, events: fixture.events }, status: 401 });
  await client.call('POST', '/api/analytics/events', { key: keys.read, body: { sentAt, events: [] }, status: 403 });
  await client.call('POST', '/api/errors', { key: keys.write, body: { sentAt, events: fixture.errors }, status: 200 });

  await client.call('PATCH', '/api/errors/groups/:fingerprint', {
    key: keys.read,
    params: { fingerprint: fixture.fingerprint },
    body: { status: 'resolved' },
    status: 200,
  });
  await client.call('PATCH', '/api/errors/groups/:fingerprint', {
    key: keys.read,
    params: { fingerprint: 'never-seen' },
    body: { status: 'resolved' },
    status: 404,
  });
  await client.call('POST', '/api/sourcemaps', {
    key: keys.staff,
    body: {
      release: '2026.12.1',
      files: [
        { name: 'app.js', map: '{"version":3,"file":"app.js","sources":["app.ts"],"names":[],"mappings":"AAAA"}' },
      ],
    },
    status: 201,
  });
  await writeFeedback(client, keys);
  const bugReportId = await writeBugReports(client, keys);
  await writeAlerts(client, keys);
  await writeFlags(client, keys);
  await writeAccess(client, keys);
  const loadTestId = await runLoadTest(client, keys);
  return {
    sessionId: fixture.sessionIds[0]!,
    fingerprint: fixture.fingerprint,
    replaySessionId: fixture.replaySessionId,
    bugReportId,
    loadTestId,
  };
}

/** Starts a small load test (202), is refused a second while it runs (409), and reads its progress until it is done. */
async function runLoadTest(client: Client, keys: Keys): Promise<string> {
  const plan = { requests: 40, concurrency: 1, eventsPerBatch: 2 };
  const started = await client.call('POST', '/api/load-tests/run', { key: keys.read, body: plan, status: 202 });
  const run = started.body as { id: string; status: string };
  expect(run.status).toBe('running');
  expect(started.headers.get('location')).toBe(`/api/load-tests/${run.id}`);
  // The 409 needs the first run still going: 40 requests one at a time leave time for this one call.
  await client.call('POST', '/api/load-tests/run', { key: keys.read, status: 409 });
  await client.call('POST', '/api/load-tests/run', { key: keys.read, body: { requests: 1e6 }, status: 400 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const read = await client.call('GET', '/api/load-tests/:id', {
      key: keys.read,
      params: { id: run.id },
      status: 200,
    });
    const { status, result } = read.body as { status: string; result?: { sent: number } };
    if (status !== 'running') {
      expect(status).toBe('done');
      expect(result?.sent).toBe(plan.requests);
      return run.id;
    }
    expect(Date.now(), 'load test still running after a minute').toBeLessThan(deadline);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

async function writeFeedback(client: Client, keys: Keys): Promise<void> {
  const who = { anonymousId: 'anon-openapi', userId: 'user-1' };
  await client.call('POST', '/api/feedback/nps', {
    key: keys.write,
    body: { score: 9, comment: 'Fast!', ...who },
    status: 201,
  });
  await client.call('POST', '/api/feedback/nps', { key: keys.write, body: { score: 11 }, status: 400 });
  await client.call('POST', '/api/feedback', {
    key: keys.write,
    body: { text: 'The pipeline is great', ...who },
    status: 201,
  });
  const created = await client.call('POST', '/api/feature-requests', {
    key: keys.write,
    body: { title: 'Export deals to CSV', ...who },
    status: 201,
  });
  const id = (created.body as { id: string }).id;
  await client.call('POST', '/api/feature-requests/:id/votes', {
    key: keys.write,
    params: { id },
    body: { voterId: 'user-2' },
    status: 200,
  });
  await client.call('PATCH', '/api/feature-requests/:id', {
    key: keys.staff,
    params: { id },
    body: { status: 'planned' },
    status: 200,
  });
}

async function writeBugReports(client: Client, keys: Keys): Promise<string> {
  await client.call('PUT', '/api/bug-reports/routing-rules', {
    key: keys.staff,
    body: { rules: [{ name: 'pipeline', pagePrefix: '/deals', minSeverity: 'high', category: 'pipeline' }] },
    status: 200,
  });
  const report = {
    description: 'Moving a deal to Won does nothing',
    severity: 'high',
    page: { url: 'https://crm.example.com/deals', path: '/deals' },
    sessionId: 'session-1',
    errors: [{ message: 'TypeError' }],
  };
  const staff = await client.call('POST', '/api/bug-reports', {
    key: keys.staff,
    body: { ...report, source: 'extension', reporterId: REPORTER_ID },
    status: 201,
  });
  await client.call('POST', '/api/bug-reports', { key: keys.write, body: report, status: 201 });
  await client.call('POST', '/api/bug-reports', { key: keys.write, body: { severity: 'urgent' }, status: 400 });
  const id = (staff.body as { id: string }).id;
  const triage = await client.call('PATCH', '/api/bug-reports/:id', {
    key: keys.staff,
    params: { id },
    body: { status: 'triaged' },
    status: 200,
  });
  expect(triage.body).toMatchObject({ id, status: 'triaged', statusChangedBy: expect.any(String) });
  const change = { params: { id }, body: { status: 'triaged' } };
  await client.call('PATCH', '/api/bug-reports/:id', { ...change, key: keys.read, status: 403 });
  await client.call('PATCH', '/api/bug-reports/:id', {
    ...change,
    key: keys.staff,
    body: { status: 'done' },
    status: 400,
  });
  await client.call('PATCH', '/api/bug-reports/:id', {
    ...change,
    key: keys.staff,
    params: { id: 'none' },
    status: 404,
  });
  return id;
}

async function writeAlerts(client: Client, keys: Keys): Promise<void> {
  const rule = { name: 'Error spike', kind: 'error.spike', channels: [{ type: 'email', to: ['ops@example.com'] }] };
  await client.call('POST', '/api/alerts/rules', { key: keys.staff, body: rule, status: 201 });
  await client.call('POST', '/api/alerts/rules', { key: keys.staff, body: rule, status: 409 });
  await client.call('POST', '/api/alerts/rules', { key: keys.read, body: rule, status: 403 });
  await client.call('PUT', '/api/alerts/rules/:id', {
    key: keys.staff,
    params: { id: 'error-spike' },
    body: { ...rule, threshold: 5 },
    status: 200,
  });
  await client.call('POST', '/api/alerts/rules/:id/test', {
    key: keys.staff,
    params: { id: 'error-spike' },
    status: 202,
  });
  const webhook = { type: 'webhook', url: 'https://hooks.example.com/alerts', secret: 'a-secret-of-16-chars' };
  const created = await client.call('POST', '/api/alerts/rules', {
    key: keys.staff,
    body: { ...rule, name: 'Short-lived', channels: [webhook] },
    status: 201,
  });
  // Sent back as the read showed it (secret redacted), the channel keeps its stored secret.
  const shown = created.body as { channels: unknown[] };
  expect(shown.channels).toEqual([{ ...webhook, secret: '(set)' }]);
  await client.call('PUT', '/api/alerts/rules/:id', {
    key: keys.staff,
    params: { id: 'short-lived' },
    body: { ...rule, name: 'Short-lived', threshold: 4, channels: shown.channels },
    status: 200,
  });
  await client.call('DELETE', '/api/alerts/rules/:id', { key: keys.staff, params: { id: 'short-lived' }, status: 204 });
  await client.call('DELETE', '/api/alerts/rules/:id', { key: keys.staff, params: { id: 'short-lived' }, status: 404 });
}

async function writeFlags(client: Client, keys: Keys): Promise<void> {
  const served = await client.call('GET', '/api/flags/config', { key: keys.staff, status: 200 });
  const { overrideTokenPublicKey: _key, version, ...config } = served.body as Record<string, unknown>;
  await client.call('PUT', '/api/flags/config', {
    key: keys.staff,
    body: { config, note: 'same config, new version', baseVersion: version },
    status: 200,
  });
  await client.call('PUT', '/api/flags/definitions/:key', {
    key: keys.staff,
    params: { key: 'openapi-test' },
    body: { flag: { type: 'boolean', defaultValue: false }, author: 'e2e' },
    status: 200,
  });
  await client.call('DELETE', '/api/flags/definitions/:key', {
    key: keys.staff,
    params: { key: 'openapi-test' },
    query: { note: 'done' },
    status: 200,
  });
  await client.call('POST', '/api/flags/override-token', {
    key: keys.staff,
    body: { origin: 'https://crm.example.com', anonymousId: 'anon-openapi' },
    status: 200,
  });
  await client.call('POST', '/api/experiments/assignments', {
    key: keys.write,
    body: { attributes: { id: 'user-1', role: 'staff' } },
    status: 200,
  });
}

async function writeAccess(client: Client, keys: Keys): Promise<void> {
  const signedIn = await client.call('POST', '/api/session', { body: { key: keys.read }, status: 201 });
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const session = await client.call('GET', '/api/session', { headers: { Cookie: cookie }, status: 200 });
  expect(session.body).toMatchObject({ signedIn: true, role: 'reader' });
  await client.call('DELETE', '/api/session', { headers: { Cookie: cookie }, status: 200 });
  await client.call('POST', '/api/session', { body: { key: keys.write }, status: 403 });
  const pairing = await client.call('POST', '/api/extension/pairing', { key: keys.staff, status: 201 });
  await client.call('POST', '/api/extension/pair', {
    body: { code: (pairing.body as { code: string }).code },
    status: 201,
  });
}
