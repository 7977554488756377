import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundRequest } from './messages.ts';

// Extension storage is the fake browser's (in memory); it must be in place before the storage items are defined.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
let background: typeof import('./background-requests.ts');
let items: typeof import('./storage-items.ts');
beforeAll(async () => {
  background = await import('./background-requests.ts');
  items = await import('./storage-items.ts');
});

const api = fakeBrowser as unknown as WxtBrowser;
const page = { id: fakeBrowser.runtime.id, url: 'https://crm.example.com/deals/7', tab: { id: 3 } };
const panel = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidepanel.html') };

/** A fetch that answers a token, as the API would, and the request bodies it was sent. */
function tokenFetch() {
  const fetcher = vi.fn(async (_url: string, _init?: RequestInit) => Response.json({ token: 'signed', expiresAt: 1 }));
  const bodies = () => fetcher.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));
  return { bodies, fetcher: fetcher as unknown as typeof fetch };
}

describe('who may ask the background what', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await items.authItem.setValue({ endpoint: 'https://insights.example.com', token: 'session-token', kind: 'paired' });
  });

  it.each<BackgroundRequest>([
    { type: 'capture-screenshot', tabId: 9 },
    { type: 'my-reports' },
    { type: 'auth-status' },
    { type: 'set-staff-token', endpoint: 'https://attacker.example', token: 'x' },
    { type: 'sign-out' },
    { type: 'submit-bug-report', report: {} },
    { type: 'issue-override-token', origin: 'https://other.example.com', anonymousId: 'a' },
  ])('does not answer a content script asking %j', (request) => {
    const { fetcher, bodies } = tokenFetch();
    expect(background.handleBackgroundRequest(request, page, api, fetcher)).toBeUndefined();
    expect(bodies()).toEqual([]);
  });

  it("issues a content script a token for its own page's origin", async () => {
    const { fetcher, bodies } = tokenFetch();
    const request: BackgroundRequest = {
      type: 'issue-override-token',
      origin: 'https://crm.example.com',
      anonymousId: 'a',
    };
    await expect(background.handleBackgroundRequest(request, page, api, fetcher)).resolves.toMatchObject({
      ok: true,
      token: 'signed',
    });
    expect(bodies()).toEqual([{ origin: 'https://crm.example.com', anonymousId: 'a', ttlMinutes: 60 }]);
  });

  it("answers a content script its own page's overrides, never another origin's", async () => {
    const forced = { overrides: { experiments: { layout: 'B' } }, expiresAt: Date.now() + 60_000 };
    await items.overridesItem.setValue({
      'https://crm.example.com': forced,
      'https://other.example.com': { overrides: { flags: { secret: true } }, expiresAt: Date.now() + 60_000 },
    });
    const { fetcher } = tokenFetch();
    await expect(background.handleBackgroundRequest({ type: 'page-overrides' }, page, api, fetcher)).resolves.toEqual(
      forced,
    );
    const elsewhere = { ...page, url: 'https://third.example.com/' };
    await expect(
      background.handleBackgroundRequest({ type: 'page-overrides' }, elsewhere, api, fetcher),
    ).resolves.toBeNull();
  });

  it('answers its own pages', async () => {
    const { fetcher } = tokenFetch();
    await expect(
      background.handleBackgroundRequest({ type: 'auth-status' }, panel, api, fetcher),
    ).resolves.toMatchObject({ signedIn: true });
  });
});
