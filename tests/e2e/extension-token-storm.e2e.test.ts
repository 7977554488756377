import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerAndExtension } from '../support/environment.ts';
import { openPanel, signInWithStaffToken } from '../support/extension.ts';
import { startHttpReceiver } from '../support/http-receiver.ts';
import type { HttpReceiver } from '../support/http-receiver.ts';

/** How many anonymous ids the hostile page goes through. */
const STORM = 100;

/**
 * A page on the CRM origin that plays the widget: it takes the port the content script hands over, reports
 * production mode and then a new anonymous id in each of `STORM` state messages, as a hostile page script can.
 */
async function openStormingPage(page: Page, origin: string): Promise<void> {
  await page.route(`${origin}/storm`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>storm</title><p>storm</p>' }),
  );
  await page.addInitScript((storm) => {
    const channel = 'crm-insights';
    window.addEventListener('message', (event) => {
      const port = event.ports[0];
      if ((event.data as { kind?: string } | null)?.kind !== 'connect' || !port) return;
      const flags = {
        configSource: 'none',
        productionMode: true,
        overrideStatus: 'ignored-unsigned',
        flags: [],
        experiments: [],
      };
      port.postMessage({ channel, kind: 'flags', flags });
      for (let i = 0; i < storm; i++) {
        const state = {
          version: '0',
          endpoint: '/api',
          sessionId: 'session',
          anonymousId: `storm-${i}`,
          queued: 0,
          storage: 'memory',
        };
        setTimeout(() => port.postMessage({ channel, kind: 'state', state }), i * 10);
      }
    });
  }, STORM);
  await page.goto(`${origin}/storm`);
}

/** Waits until `count()` has not moved for `quietMs`, and returns it. */
async function settled(count: () => number, quietMs = 1500): Promise<number> {
  let last = -1;
  let since = Date.now();
  while (Date.now() - since < quietMs || last === -1) {
    if (count() !== last) {
      last = count();
      since = Date.now();
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return last;
}

describe('override tokens under a storm of anonymous ids', () => {
  const env = useServerAndExtension();
  let api: HttpReceiver;
  beforeAll(async () => {
    // The API's token route, answered as the API would, so each request the extension makes reaches a real server.
    api = await startHttpReceiver(() => ({
      status: 200,
      json: { token: 'ot1.storm.token', expiresAt: Date.now() + 3_600_000 },
    }));
  });
  afterAll(() => api?.close());

  it('asks the API for at most 5 tokens a minute for one tab, and the panel says why it stopped', async () => {
    const origin = env.server.origin;
    await signInWithStaffToken(env.browser, `${api.origin}/api`, 'staff_e2e_storm');
    // An override on this site, as the panel stores it: the content script now wants a token for every id.
    await env.browser.serviceWorker.evaluate(
      (site) =>
        chrome.storage.local.set({
          overrides: {
            [site]: { overrides: { flags: { 'deal-value-badge': true } }, expiresAt: Date.now() + 3_600_000 },
          },
        }),
      origin,
    );
    const page = await env.browser.context.newPage();
    await openStormingPage(page, origin);

    await expect.poll(() => api.received.length).toBeGreaterThan(0);
    const tokenRequests = () => api.received.filter((request) => request.path === '/api/flags/override-token').length;
    const reached = await settled(tokenRequests, STORM * 10 + 1500);
    expect(reached).toBeGreaterThanOrEqual(1);
    // OVERRIDE_TOKEN_LIMIT.perKey in extension/lib/override-token-requests.ts.
    expect(reached).toBeLessThanOrEqual(5);

    const { panel } = await openPanel(env.browser, page);
    await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/Too many override-token requests/);
    await panel.close();
    await page.close();
  });
});
