import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import type { InspectableClient } from '../client.ts';
import type { FeedbackChunk } from './feedback-api.ts';
import { startFeedback } from './start-feedback.ts';
import { PENDING_BUG_REPORTS_KEY } from './bug-report-outbox.ts';

function fakeWindow(storage: Map<string, string>) {
  return {
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    },
    location: { href: 'http://crm.test/deals/7', pathname: '/deals/7' },
    document: { title: 'Deal 7', referrer: '' },
    fetch: () => Promise.reject(new Error('no network in this test')),
  } as unknown as Window;
}

function fakeClient() {
  const listeners = new Set<(event: InsightEvent) => void>();
  let count = 0;
  const client = {
    onCapture(listener: (event: InsightEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    capture: () => undefined,
    getSessionId: () => '0193a000-0000-7000-8000-000000000002',
    getAnonymousId: () => 'anon-1',
  } as unknown as InspectableClient;
  const track = (name: string) => {
    for (const listener of listeners)
      listener({ id: `e${++count}`, type: 'track', name, ts: count, sessionId: 's', anonymousId: 'a' } as InsightEvent);
  };
  return { client, track, listening: () => listeners.size };
}

/** The real API chunk, released when the test says; a UI that records what it was asked to show. */
function chunks() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const shown: string[] = [];
  const ui = {
    openSurvey: () => shown.push('survey'),
    openFeedback: (prompt?: string) => shown.push(`feedback: ${prompt}`),
    openFeatureRequests() {},
    openBugReport() {},
    setButton() {},
    destroy() {},
  };
  const loads = { api: 0, ui: 0 };
  return {
    shown,
    loads,
    release,
    api: async () => {
      loads.api++;
      await gate;
      return import('../chunks/feedback-api.ts');
    },
    ui: async () => {
      loads.ui++;
      return { mountFeedbackUi: () => ui } as unknown as FeedbackChunk;
    },
  };
}

/** Starts the core's feedback side on a fake page with `loader` for its chunks. */
function start(
  client: InspectableClient,
  loader: ReturnType<typeof chunks>,
  storage = new Map<string, string>(),
  debug = false,
) {
  return startFeedback(
    client,
    { endpoint: 'http://api.test/api', writeKey: 'pk', debug },
    undefined,
    fakeWindow(storage),
    loader,
  );
}

describe('startFeedback', () => {
  it('loads nothing until the page uses feedback', () => {
    const { client, listening } = fakeClient();
    const loader = chunks();
    start(client, loader);
    expect(loader.loads).toEqual({ api: 0, ui: 0 });
    // Only the recent-activity watcher (for bug reports) listens from the start.
    expect(listening()).toBe(1);
  });

  it('hands the events tracked while its chunk loads to the schedules, so a survey or prompt they trigger is not missed', async () => {
    const { client, track } = fakeClient();
    const loader = chunks();
    const { members } = start(client, loader);
    members.feedback.configure({
      surveys: [{ id: 'nps-deal-won', afterEvent: 'Deal Won' }],
      prompts: [{ event: 'Contact Created', question: 'Quick enough?' }],
    });
    track('Deal Won');
    track('Contact Created');
    expect(loader.shown).toEqual([]);
    loader.release();
    await vi.waitFor(() => expect(loader.shown).toEqual(['survey', 'feedback: Quick enough?']));
    expect(loader.loads.api).toBe(1);
  });

  it('keeps `configure` in the core until a tracked event a survey or prompt waits for, then shows it once', async () => {
    const { client, track } = fakeClient();
    const loader = chunks();
    const storage = new Map<string, string>();
    const { members } = start(client, loader, storage);
    members.feedback.configure({
      surveys: [{ id: 'nps-deal-won', afterEvent: 'Deal Won' }],
      prompts: [{ event: 'Contact Created', question: 'Quick enough?' }],
    });
    track('Deal Viewed');
    expect(loader.loads.api).toBe(0);
    // The session is counted as the chunk's schedules would have counted it.
    expect(JSON.parse(storage.get('crm-insights:surveys:anonymous') ?? '{}')).toMatchObject({ sessions: 1 });

    track('Deal Won');
    expect(loader.loads.api).toBe(1);
    loader.release();
    await vi.waitFor(() => expect(loader.shown).toEqual(['survey']));
    track('Contact Created');
    await vi.waitFor(() => expect(loader.shown).toEqual(['survey', 'feedback: Quick enough?']));
    expect(loader.loads.api).toBe(1);
    expect(JSON.parse(storage.get('crm-insights:surveys:anonymous') ?? '{}')).toMatchObject({ sessions: 1 });
  });

  it('loads the chunk at `configure` when a survey waits for no event (it may be due now)', () => {
    const { client } = fakeClient();
    const loader = chunks();
    const { members } = start(client, loader);
    members.feedback.configure({ surveys: [{ id: 'nps-deal-won', afterEvent: 'Deal Won' }] });
    expect(loader.loads.api).toBe(0);
    members.feedback.configure({ surveys: [{ id: 'nps', afterSessions: 3 }] });
    expect(loader.loads.api).toBe(1);
  });

  it('loads the chunk at `configure` in debug mode, whose schedules say why a survey waits', () => {
    const { client } = fakeClient();
    const loader = chunks();
    const { members } = start(client, loader, new Map(), true);
    members.feedback.configure({ surveys: [{ id: 'nps-deal-won', afterEvent: 'Deal Won' }] });
    expect(loader.loads.api).toBe(1);
  });

  it('hands a bad `configure` argument to the chunk, which says what is wrong in debug mode', async () => {
    const { client } = fakeClient();
    const loader = chunks();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { members } = start(client, loader, new Map(), true);
    members.feedback.configure(null as never);
    loader.release();
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(
        '[crm-insights] feedback.configure failed',
        new TypeError('feedback.configure(config) needs an object'),
      ),
    );
    warn.mockRestore();
  });

  it('loads the chunk at start when a bug report a reload interrupted waits to be sent', () => {
    const { client } = fakeClient();
    const loader = chunks();
    const storage = new Map([[PENDING_BUG_REPORTS_KEY, '[{"id":"r1"}]']]);
    start(client, loader, storage);
    expect(loader.loads.api).toBe(1);
  });
});
