import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// Extension storage is the fake browser's (in memory); it must be in place before the storage items are defined.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
let background: typeof import('./bug-report-background.ts');
let items: typeof import('./storage-items.ts');
beforeAll(async () => {
  background = await import('./bug-report-background.ts');
  items = await import('./storage-items.ts');
});

/** A fetch that records each request and answers `body`, as the API would. */
function recordingFetch(body: unknown, status = 200) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit = {}) => {
    requests.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  return { requests, fetcher };
}

describe('filing and listing "My reports"', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await items.authItem.setValue({ endpoint: 'https://insights.example.com', token: 'session-token', kind: 'paired' });
  });

  it('makes one reporter id per install and keeps it', async () => {
    let made = 0;
    const make = () => `install-${++made}`;
    expect(await background.reporterId(make)).toBe('install-1');
    expect(await background.reporterId(make)).toBe('install-1');
    expect(await items.reporterIdItem.getValue()).toBe('install-1');
  });

  it('files a report under this install and lists that reporter’s reports with their triage status', async () => {
    await items.reporterIdItem.setValue('install-7');
    const filing = recordingFetch({ id: 'r1', category: 'triage' }, 201);
    expect(await background.submitReport({ description: 'x', severity: 'low' }, filing.fetcher)).toEqual({
      ok: true,
      id: 'r1',
      category: 'triage',
      link: 'https://insights.example.com/dashboard/feedback/bugs/r1',
    });
    expect(JSON.parse(String(filing.requests[0]!.init.body))).toEqual({
      description: 'x',
      severity: 'low',
      reporterId: 'install-7',
    });

    const listing = recordingFetch({
      reports: [
        { id: 'r1', createdAt: 5, description: 'x', status: 'triaged', statusChangedAt: 9, statusChangedBy: 'staff:1' },
      ],
    });
    const answer = await background.myReports(listing.fetcher);
    expect(listing.requests[0]!.url).toBe('https://insights.example.com/api/bug-reports?reporter=install-7&limit=20');
    expect(answer).toMatchObject({ ok: true, reports: [{ id: 'r1', status: 'triaged', filedAt: 5 }] });
  });

  it('says what the API refused, as a sentence', async () => {
    const refusing = recordingFetch({ error: 'wrong key: this route takes the read key or a staff token' }, 403);
    expect(await background.myReports(refusing.fetcher)).toEqual({
      ok: false,
      error: 'The API answered 403: wrong key: this route takes the read key or a staff token',
    });
  });
});
