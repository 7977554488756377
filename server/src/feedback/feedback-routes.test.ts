import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { DELIVERY_FAILED, DESTINATION_NOT_ALLOWED, createOutboundClient } from '../outbound/outbound-client.ts';
import { createFeedbackRepository } from './feedback-repository.ts';
import { startTestListener } from '../outbound/test-listener.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const WEEK = 7 * 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');

forEachTestDatabase('feedback routes', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  let clock = NOW;
  beforeEach(async () => {
    storage = await storageOn(await open());
    clock = NOW;
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => clock });
  });
  afterEach(() => storage.close());

  const call = async (method: string, path: string, key: string | undefined, body?: unknown) => {
    const response = await app.request(`/api${path}`, {
      method,
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('stores NPS answers and reports score, weekly trend and comment sentiment', async () => {
    expect(
      (await call('POST', '/feedback/nps', WRITE, { score: 10, comment: 'I love the pipeline view, great work' }))
        .status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/feedback/nps', WRITE, {
          score: 3,
          comment: 'Slow and buggy, terrible search',
          userId: 'crm-42',
        })
      ).status,
    ).toBe(201);
    clock = NOW - WEEK;
    expect((await call('POST', '/feedback/nps', WRITE, { score: 8, ts: NOW - WEEK })).status).toBe(201);

    const { status, body } = await call('GET', '/feedback/nps', READ);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      responses: 3,
      promoters: 1,
      passives: 1,
      detractors: 1,
      score: 0,
      sentiment: { positive: 1, negative: 1, neutral: 0 },
    });
    expect(
      body.trend.map((week: { weekStart: string; responses: number }) => [week.weekStart, week.responses]),
    ).toEqual([
      ['2026-11-16', 1],
      ['2026-11-23', 2],
    ]);
    const labels = Object.fromEntries(
      body.comments.map((comment: { score: number; sentiment: { label: string } }) => [
        comment.score,
        comment.sentiment.label,
      ]),
    );
    expect(labels).toEqual({ 10: 'positive', 3: 'negative' });
  });

  it('counts NPS answers the widget sent through the event outbox', async () => {
    const event = {
      id: '0193a000-0000-7000-8000-000000000001',
      type: 'nps',
      ts: NOW,
      sessionId: '0193a000-0000-7000-8000-000000000002',
      anonymousId: '0193a000-0000-7000-8000-000000000003',
      props: { surveyId: 'nps', score: 9 },
    };
    expect((await call('POST', '/analytics/events', WRITE, { sentAt: NOW, events: [event] })).status).toBe(200);
    expect((await call('GET', '/feedback/nps', READ)).body).toMatchObject({ responses: 1, promoters: 1, score: 100 });
  });

  it.each([
    [{ score: 11 }, 'score: score must be 0–10'],
    [{ score: 4.5 }, 'score: score must be a whole number'],
    [{ score: '9' }, 'score: score must be a number'],
  ])('rejects NPS answer %o with a 400 that says why', async (body, message) => {
    const response = await call('POST', '/feedback/nps', WRITE, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });

  it('needs the write key to submit and the read key to read', async () => {
    expect((await call('POST', '/feedback/nps', undefined, { score: 1 })).status).toBe(401);
    expect((await call('POST', '/feedback/nps', READ, { score: 1 })).status).toBe(403);
    expect((await call('GET', '/feedback/nps', WRITE)).status).toBe(403);
    expect((await call('GET', '/feedback', undefined)).status).toBe(401);
  });

  it('returns feedback text exactly as written, with sentiment', async () => {
    const text = '<img src=x onerror=alert(1)>';
    expect((await call('POST', '/feedback', WRITE, { text })).status).toBe(201);
    expect((await call('POST', '/feedback', WRITE, { text: '   ' })).body.error).toMatch(/text must not be empty/);
    const { body } = await call('GET', '/feedback', READ);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ text, sentiment: { label: 'negative' } }); // AFINN scores "alert" as negative
  });

  it('stores a resent feedback id once, lists what it carried newest first, pages on, and refuses a bad cursor', async () => {
    const id = '0193b4f6-0000-7000-8000-000000000001';
    const page = { url: 'https://crm.test/deals', path: '/deals' };
    const first = { id, text: 'Great deals board', category: 'ui', prompt: 'How is it?', userId: 'crm-7', page };
    expect(await call('POST', '/feedback', WRITE, first)).toEqual({ status: 201, body: { id, duplicate: false } });
    expect(await call('POST', '/feedback', WRITE, first)).toEqual({ status: 200, body: { id, duplicate: true } });
    clock = NOW + 1000;
    expect((await call('POST', '/feedback', WRITE, { text: 'Slow search' })).status).toBe(201);

    const newest = await call('GET', '/feedback?limit=1', READ);
    expect(newest.body.items.map((item: { text: string }) => item.text)).toEqual(['Slow search']);
    expect(newest.body.items[0]).not.toHaveProperty('category');
    expect(newest.body.nextCursor).toEqual(expect.any(String));
    const next = await call('GET', `/feedback?limit=1&cursor=${encodeURIComponent(newest.body.nextCursor)}`, READ);
    expect(next.body).toEqual({
      items: [
        {
          id,
          text: 'Great deals board',
          category: 'ui',
          prompt: 'How is it?',
          ts: NOW,
          userId: 'crm-7',
          page,
          sentiment: expect.objectContaining({ label: 'positive' }),
        },
      ],
    });
    expect((await call('GET', '/feedback?cursor=not-a-cursor', READ)).status).toBe(400);
    expect((await call('GET', '/feedback?limit=0', READ)).status).toBe(400);
  });

  it('ranks feature requests by votes, one vote per voter', async () => {
    const first = await call('POST', '/feature-requests', WRITE, { title: 'Dark mode', userId: 'u1' });
    const second = await call('POST', '/feature-requests', WRITE, { title: 'CSV export', userId: 'u2' });
    expect(first.status).toBe(201);
    for (const voter of ['u3', 'u4', 'u3'])
      await call('POST', `/feature-requests/${second.body.id}/votes`, WRITE, { voterId: voter });
    const again = await call('POST', `/feature-requests/${second.body.id}/votes`, WRITE, { voterId: 'u4' });
    expect(again.body).toMatchObject({ voted: true, counted: false });

    const { body } = await call('GET', '/feature-requests?voterId=u3', WRITE);
    expect(
      body.requests.map((request: { title: string; votes: number; voted: boolean }) => [
        request.title,
        request.votes,
        request.voted,
      ]),
    ).toEqual([
      ['CSV export', 3, true],
      ['Dark mode', 1, false],
    ]);
    expect((await call('POST', '/feature-requests/nope/votes', WRITE, { voterId: 'u1' })).status).toBe(404);
    expect((await call('POST', '/feature-requests', WRITE, { title: 'x' })).body.error).toMatch(
      /title needs at least 3 characters/,
    );
  });

  it("lets staff set a feature request's status, and only staff", async () => {
    app = createApp({ storage, writeKey: WRITE, readKey: READ, staffTokens: ['staff_t'], now: () => clock });
    const { body: created } = await call('POST', '/feature-requests', WRITE, { title: 'Dark mode', userId: 'u1' });
    expect((await call('GET', '/feature-requests', READ)).body.requests[0].status).toBe('open');
    expect((await call('PATCH', `/feature-requests/${created.id}`, READ, { status: 'planned' })).status).toBe(403);
    expect(
      (await call('PATCH', `/feature-requests/${created.id}`, 'staff_t', { status: 'someday' })).body.error,
    ).toMatch(/status must be one of open, planned, in-progress, done, declined/);
    expect((await call('PATCH', '/feature-requests/nope', 'staff_t', { status: 'done' })).status).toBe(404);
    expect((await call('PATCH', `/feature-requests/${created.id}`, 'staff_t', { status: 'in-progress' })).body).toEqual(
      { id: created.id, status: 'in-progress' },
    );
    expect((await call('GET', '/feature-requests', READ)).body.requests[0].status).toBe('in-progress');
  });

  it('files bug reports under their reporter and lets only staff set the triage status, recording who and when', async () => {
    app = createApp({ storage, writeKey: WRITE, readKey: READ, staffTokens: ['staff_t'], now: () => clock });
    const code = (await call('POST', '/extension/pairing', 'staff_t')).body.code as string;
    const paired = (await call('POST', '/extension/pair', undefined, { code })).body.token as string;
    const report = { source: 'extension', description: 'pipeline empty', severity: 'medium' };

    const mine = await call('POST', '/bug-reports', paired, { ...report, reporterId: 'install-1' });
    expect(mine.status).toBe(201);
    const bySession = await call('POST', '/bug-reports', paired, report);
    // A page holding the public key cannot file under a staff member's reporter id.
    const forged = await call('POST', '/bug-reports', WRITE, { ...report, reporterId: 'install-1' });
    expect(forged.status).toBe(201);
    expect((await call('GET', `/bug-reports/${forged.body.id}`, READ)).body.report.reporterId).toBeUndefined();
    const sessionReporter = (await call('GET', `/bug-reports/${bySession.body.id}`, READ)).body.report.reporterId;
    expect(sessionReporter).toMatch(/^session:[0-9a-f]{12}$/);

    const listed = await call('GET', '/bug-reports?reporter=install-1', paired);
    expect(listed.body.reports).toEqual([
      expect.objectContaining({ id: mine.body.id, reporterId: 'install-1', status: 'open' }),
    ]);
    expect(listed.body.reports[0].statusChangedBy).toBeUndefined();

    // Read keys, the write key and bad statuses are refused; an unknown report is a 404.
    const change = { status: 'triaged' };
    expect((await call('PATCH', `/bug-reports/${mine.body.id}`, READ, change)).status).toBe(403);
    expect((await call('PATCH', `/bug-reports/${mine.body.id}`, WRITE, change)).status).toBe(403);
    expect((await call('PATCH', `/bug-reports/${mine.body.id}`, undefined, change)).status).toBe(401);
    const bad = await call('PATCH', `/bug-reports/${mine.body.id}`, 'staff_t', { status: 'fixed' });
    expect(bad).toEqual({
      status: 400,
      body: expect.objectContaining({
        error: 'invalid status change: status: must be one of open, triaged, in-progress, resolved, closed',
      }),
    });
    expect((await call('PATCH', '/bug-reports/nope', 'staff_t', change)).status).toBe(404);

    clock = NOW + 60_000;
    const set = await call('PATCH', `/bug-reports/${mine.body.id}`, 'staff_t', change);
    expect(set).toEqual({
      status: 200,
      body: {
        id: mine.body.id,
        status: 'triaged',
        statusChangedBy: expect.stringMatching(/^staff:/),
        statusChangedAt: NOW + 60_000,
      },
    });
    clock = NOW + 120_000;
    expect((await call('PATCH', `/bug-reports/${mine.body.id}`, paired, { status: 'resolved' })).status).toBe(200);
    const detail = (await call('GET', `/bug-reports/${mine.body.id}`, READ)).body.report;
    expect(detail).toMatchObject({
      status: 'resolved',
      statusChangedBy: sessionReporter,
      statusChangedAt: NOW + 120_000,
    });
    expect(
      (await call('GET', '/bug-reports?status=resolved', READ)).body.reports.map((r: { id: string }) => r.id),
    ).toEqual([mine.body.id]);
    expect((await call('GET', '/bug-reports?status=done', READ)).body.error).toBe(
      'status must be one of open, triaged, in-progress, resolved, closed',
    );
    expect((await call('GET', `/bug-reports?reporter=${'x'.repeat(201)}`, READ)).status).toBe(400);
  });

  it('routes a bug report by its rules and logs retried webhook deliveries, user text escaped for Slack', async () => {
    const receiver = await startTestListener({ statuses: [503, 204] });
    try {
      app = createApp({
        storage,
        writeKey: WRITE,
        readKey: READ,
        now: () => clock,
        outboundPolicy: { allow: ['127.0.0.1'] },
        webhook: { baseDelayMs: 0 },
      } as Parameters<typeof createApp>[0]);

      const rules = {
        rules: [
          { name: 'deals', pagePrefix: '/demo/pipeline', keywords: ['deal'], category: 'sales', webhook: receiver.url },
        ],
      };
      expect((await call('PUT', '/bug-reports/routing-rules', READ, rules)).status).toBe(200);
      expect(
        (await call('PUT', '/bug-reports/routing-rules', READ, { rules: [{ category: 'x', webhook: 'ftp://x' }] }))
          .status,
      ).toBe(400);

      const created = await call('POST', '/bug-reports', READ, {
        source: 'extension',
        description: 'Deal card <b>vanished</b> <!channel> <https://evil.example|open> @here',
        severity: 'high',
        page: { url: 'http://crm/demo/pipeline', path: '/demo/pipeline' },
        screenshot: 'data:image/png;base64,iVBORw0KGgo=',
        errors: [{ message: 'TypeError: x is undefined' }],
        replay: [{ type: 2, timestamp: 1 }],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ category: 'sales', webhook: receiver.url });

      await expect
        .poll(async () => (await call('GET', `/bug-reports/${created.body.id}`, READ)).body.deliveries.length)
        .toBe(2);
      const { body } = await call('GET', `/bug-reports/${created.body.id}`, READ);
      expect(
        body.deliveries.map((attempt: { ok: boolean; status: number; webhook: string }) => [
          attempt.ok,
          attempt.status,
          attempt.webhook,
        ]),
      ).toEqual([
        [false, 503, receiver.url],
        [true, 204, receiver.url],
      ]);
      expect(body.report).toMatchObject({
        source: 'extension',
        description: expect.stringContaining('<b>vanished</b> <!channel>'),
        errors: [{ message: 'TypeError: x is undefined' }],
      });
      const received = receiver.hits.map((hit) => JSON.parse(hit.body));
      expect(received[1]).toEqual(
        expect.objectContaining({
          id: created.body.id,
          category: 'sales',
          attachments: expect.objectContaining({ screenshot: true, replayEvents: 1, errors: 1 }),
        }),
      );
      expect(received[1].description).toBe(
        'Deal card &lt;b&gt;vanished&lt;/b&gt; &lt;!channel&gt; &lt;https://evil.example|open&gt; @\u200bhere',
      );
      expect(received[1].text).toMatch(/^\*\[high\] sales\*: Deal card &lt;b&gt;/);
      expect(receiver.hits.map((hit) => hit.body).join('')).not.toMatch(/<!channel>|<https:|@here/);

      // The page's public key files into the same rule, but is not told the webhook URL (a secret of its own).
      const fromPage = await call('POST', '/bug-reports', WRITE, {
        description: 'deal lost',
        severity: 'low',
        page: { url: 'http://crm/demo/pipeline', path: '/demo/pipeline' },
      });
      expect(fromPage.body).toEqual({ id: expect.any(String), category: 'sales' });
      expect((await call('GET', `/bug-reports/${fromPage.body.id}`, READ)).body.report.webhook).toBe(receiver.url);
      expect(
        (await call('POST', '/bug-reports', WRITE, { id: fromPage.body.id, description: 'deal lost', severity: 'low' }))
          .body,
      ).toEqual({ id: fromPage.body.id, category: 'sales' });

      const other = await call('POST', '/bug-reports', WRITE, {
        source: 'extension',
        description: 'typo on contacts',
        severity: 'low',
      });
      expect(other.body).toEqual({ id: expect.any(String), category: 'triage' });
      expect((await call('GET', `/bug-reports/${other.body.id}`, READ)).body.report.source).toBe('widget');
      expect((await call('GET', '/bug-reports', READ)).body.reports).toHaveLength(3);
      expect((await call('POST', '/bug-reports', WRITE, { description: 'x', severity: 'urgent' })).body.error).toMatch(
        /severity must be one of low, medium, high, critical/,
      );
    } finally {
      await receiver.close();
    }
  });

  it('refuses routing rules that name an internal address unless allow-listed, and never calls one a name resolves to', async () => {
    const receiver = await startTestListener();
    try {
      for (const webhook of [
        receiver.url,
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]:9/',
        'http://2130706433/',
        'http://localhost:9/x',
      ]) {
        const refused = await call('PUT', '/bug-reports/routing-rules', READ, {
          rules: [
            { name: 'a', category: 'ops' },
            { name: 'b', category: 'ops', webhook },
          ],
        });
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatch(
          /^invalid routing rules: rules\[1\]\.webhook: .* (address|itself); the server does not call internal addresses unless INSIGHTS_OUTBOUND_ALLOW lists them$/,
        );
      }
      expect((await call('GET', '/bug-reports/routing-rules', READ)).body.rules).toEqual([]);

      // A public-looking name that resolves to loopback passes the save-time check; the call itself is refused.
      const client = createOutboundClient({ allow: [] }, { resolve: async () => ['127.0.0.1'], warn: () => undefined });
      app = createApp({
        storage,
        writeKey: WRITE,
        readKey: READ,
        now: () => clock,
        outboundClient: client,
        webhook: { maxAttempts: 2, baseDelayMs: 0, timeoutMs: 50 },
      } as Parameters<typeof createApp>[0]);
      const webhook = `http://hooks.rebind.example:${receiver.port}/hook`;
      expect(
        (await call('PUT', '/bug-reports/routing-rules', READ, { rules: [{ name: 'all', category: 'ops', webhook }] }))
          .status,
      ).toBe(200);
      const { body } = await call('POST', '/bug-reports', WRITE, { description: 'blank page', severity: 'low' });
      await expect
        .poll(async () => (await call('GET', `/bug-reports/${body.id}`, READ)).body.deliveries.length)
        .toBe(2);
      const { deliveries } = (await call('GET', `/bug-reports/${body.id}`, READ)).body;
      expect(deliveries).toEqual(
        [1, 2].map((attempt) => ({
          reportId: body.id,
          webhook,
          attempt,
          at: clock,
          ok: false,
          error: DELIVERY_FAILED,
        })),
      );
      expect(receiver.hits).toHaveLength(0);

      // A rule saved before the check existed, naming loopback outright: refused at the call, once, not retried.
      await createFeedbackRepository(storage.db).setRoutingRules(
        [{ name: 'old', category: 'ops', webhook: receiver.url }],
        clock,
      );
      app = createApp({
        storage,
        writeKey: WRITE,
        readKey: READ,
        now: () => clock,
        webhook: { maxAttempts: 3, baseDelayMs: 0 },
      } as Parameters<typeof createApp>[0]);
      const old = (await call('POST', '/bug-reports', WRITE, { description: 'blank page again', severity: 'low' }))
        .body;
      await expect
        .poll(async () => (await call('GET', `/bug-reports/${old.id}`, READ)).body.deliveries)
        .toEqual([
          { reportId: old.id, webhook: receiver.url, attempt: 1, at: clock, ok: false, error: DESTINATION_NOT_ALLOWED },
        ]);
      expect(receiver.hits).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('resumes a delivery a restart cut short, after the attempts already logged', async () => {
    const receiver = await startTestListener({ statuses: [502, 204] });
    try {
      const outbound = { outboundPolicy: { allow: ['127.0.0.1'] } };
      app = createApp({
        storage,
        writeKey: WRITE,
        readKey: READ,
        now: () => clock,
        ...outbound,
        webhook: { maxAttempts: 1 },
      } as Parameters<typeof createApp>[0]);
      await call('PUT', '/bug-reports/routing-rules', READ, {
        rules: [{ name: 'all', category: 'ops', webhook: receiver.url }],
      });
      const { body } = await call('POST', '/bug-reports', WRITE, { description: 'blank page', severity: 'low' });
      await expect
        .poll(async () => (await call('GET', `/bug-reports/${body.id}`, READ)).body.deliveries.length)
        .toBe(1);

      // "Restart": a new app on the same database, with room for one more attempt; the receiver works again.
      app = createApp({
        storage,
        writeKey: WRITE,
        readKey: READ,
        now: () => clock,
        ...outbound,
        webhook: { maxAttempts: 2, baseDelayMs: 0 },
      } as Parameters<typeof createApp>[0]);
      await expect
        .poll(async () =>
          (await call('GET', `/bug-reports/${body.id}`, READ)).body.deliveries.map(
            (attempt: { attempt: number; ok: boolean }) => [attempt.attempt, attempt.ok],
          ),
        )
        .toEqual([
          [1, false],
          [2, true],
        ]);
      expect(receiver.hits.map((hit) => JSON.parse(hit.body).id)).toEqual([body.id, body.id]);
    } finally {
      await receiver.close();
    }
  });
});
