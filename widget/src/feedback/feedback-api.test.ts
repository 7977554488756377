import { describe, expect, it } from 'vitest';
import { browserEnvironment, collectBugBundle } from './bug-bundle.ts';
import { bugReportOutbox, PENDING_BUG_REPORTS_KEY } from './bug-report-outbox.ts';
import { createFeedbackApi } from './feedback-api.ts';
import { watchRecentActivity } from './recent-activity.ts';
import type { FeedbackChunk } from './feedback-api.ts';

/** A window with just what the feedback core reads, and a real Map-backed localStorage shared across "pages". */
function fakeWindow(storage: Map<string, string>) {
  const localStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  };
  return {
    localStorage,
    location: { href: 'http://crm.test/deals/7', pathname: '/deals/7' },
    document: { title: 'Deal 7', referrer: '' },
    navigator: { userAgent: 'test-agent', language: 'en', onLine: true },
    screen: { width: 1920, height: 1080 },
    innerWidth: 1280,
    innerHeight: 800,
    devicePixelRatio: 1,
  } as unknown as Window;
}

/** The chunk's bug-report half, real; the UI half is not needed here. */
const chunk = { collectBugBundle, browserEnvironment, bugReportOutbox } as unknown as FeedbackChunk;

function start(storage: Map<string, string>, answers: number[], sent: unknown[], view = fakeWindow(storage)) {
  const fetcher = (async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(String(init.body)));
    const status = answers.shift() ?? 201;
    return new Response(JSON.stringify(status < 300 ? { id: 'x' } : { error: 'down' }), { status });
  }) as unknown as typeof fetch;
  return createFeedbackApi({
    client: {
      capture: () => undefined,
      getSessionId: () => '0193a000-0000-7000-8000-000000000002',
      onCapture: () => () => undefined,
    },
    endpoint: 'http://api.test/api',
    writeKey: 'pk',
    fetch: fetcher,
    window: view,
    scrubParams: ['invite'],
    log: { warn: () => undefined },
    activeFlags: () => ({ flags: { 'new-pipeline': true }, experiments: { checkout: 'b' }, overridden: true }),
    activity: watchRecentActivity(() => () => undefined),
    loadUi: async () => chunk,
  });
}

describe('reportBug without UI', () => {
  it('keeps a report the server did not take and sends it again on the next page', async () => {
    const storage = new Map<string, string>();
    const sent: Record<string, any>[] = [];
    const first = start(storage, [503], sent);
    await expect(first.reportBug({ description: 'Save does nothing', severity: 'high' })).rejects.toThrow('down');
    expect(JSON.parse(storage.get(PENDING_BUG_REPORTS_KEY)!)).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      source: 'widget',
      description: 'Save does nothing',
      severity: 'high',
      page: { path: '/deals/7' },
      flags: { 'new-pipeline': true, experiments: { checkout: 'b' }, overridden: true },
    });

    // The next page load finds it and sends the same report (same id: the server stores it once).
    start(storage, [201], sent);
    await expect.poll(() => storage.has(PENDING_BUG_REPORTS_KEY)).toBe(false);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.id).toBe(sent[0]!.id);
  });

  it('scrubs the report like any event: page URL, query secrets and the typed text', async () => {
    const storage = new Map<string, string>();
    const view = fakeWindow(storage);
    Object.assign(view, {
      location: {
        href: 'http://crm.test/contacts/jane.doe@example.com?token=tok_123456&invite=SECRET&tab=2',
        pathname: '/contacts/jane.doe@example.com',
      },
    });
    const sent: Record<string, any>[] = [];
    await start(storage, [201], sent, view).reportBug({
      description: 'cannot mail jane.doe@example.com, key sk_live_abcdefgh12345678',
      severity: 'high',
    });
    expect(sent[0]).toMatchObject({
      description: 'cannot mail [email], key [api-key]',
      page: {
        url: 'http://crm.test/contacts/[email]?token=[redacted]&invite=[redacted]&tab=2',
        path: '/contacts/[email]',
      },
    });
    expect(JSON.stringify(sent[0])).not.toMatch(/jane|doe|example\.com|tok_123456|SECRET|sk_live/);
  });

  it.each([{}, { description: '  ' }, { severity: 'high' }])('rejects %o with a clear error', async (input) => {
    const api = start(new Map(), [], []);
    await expect(api.reportBug(input as never)).rejects.toThrow(
      'reportBug({ description, severity? }) needs a description',
    );
  });
});
