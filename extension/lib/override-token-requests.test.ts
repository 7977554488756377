import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// Extension storage is the fake browser's (in memory); it must be in place before the storage items are defined.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
let requests: typeof import('./override-token-requests.ts');
let items: typeof import('./storage-items.ts');
beforeAll(async () => {
  requests = await import('./override-token-requests.ts');
  items = await import('./storage-items.ts');
});

const CRM = 'https://crm.example.com';

/** A fetch that answers tokens as the API would, counting the requests that reached it. */
function countingApi() {
  const fetcher = vi.fn(async () => Response.json({ token: 'signed', expiresAt: 1e15 }));
  return { fetcher: fetcher as unknown as typeof fetch, count: () => fetcher.mock.calls.length };
}

describe('override tokens the background asks the API for', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await items.authItem.setValue({ endpoint: 'https://insights.example.com', token: 'session-token', kind: 'paired' });
  });

  it('asks at most the per-tab budget a minute however often a page changes its anonymous id, and says why', async () => {
    let now = 0;
    const warn = vi.fn();
    const tokens = requests.createOverrideTokenRequests({ now: () => now, warn });
    const { fetcher, count } = countingApi();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => tokens.issue({ tabId: 3, origin: CRM }, `id-${i}`, fetcher)),
    );
    expect(count()).toBe(requests.OVERRIDE_TOKEN_LIMIT.perKey);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(requests.OVERRIDE_TOKEN_LIMIT.perKey);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many override-token/) });
    expect(warn).toHaveBeenCalledTimes(1);

    // Another tab has its own budget; the storming tab gets one again a minute later.
    expect(await tokens.issue({ tabId: 4, origin: CRM }, 'other', fetcher)).toMatchObject({ ok: true });
    now += 60_000;
    expect(await tokens.issue({ tabId: 3, origin: CRM }, 'later', fetcher)).toMatchObject({ ok: true });
    expect(count()).toBe(requests.OVERRIDE_TOKEN_LIMIT.perKey + 2);
  });

  it('shares a request in flight for the same tab, origin and anonymous id', async () => {
    const tokens = requests.createOverrideTokenRequests();
    const { fetcher, count } = countingApi();
    const asker = { tabId: 3, origin: CRM };
    await Promise.all([tokens.issue(asker, 'a', fetcher), tokens.issue(asker, 'a', fetcher)]);
    expect(count()).toBe(1);
  });
});
