import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../support/browser.ts';
import type { ExtensionBrowser } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

describe('the built extension', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows in its side panel the session id the page has, and the queue draining', async () => {
    const page = await browser.context.newPage();
    const bridgeLoaded = page.waitForRequest((request) => new URL(request.url()).pathname === '/insights/bridge.js');
    await page.goto(`${server.origin}/demo/`);
    // The extension's content script speaks first, which is what loads the bridge chunk.
    await bridgeLoaded;
    const sessionId = await page.waitForFunction(() => {
      const insights = (window as unknown as { crmInsights?: { getSessionId?: () => string } }).crmInsights;
      return insights?.getSessionId?.();
    });
    const tabId = await browser.serviceWorker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      return tab?.id;
    }, page.url());
    expect(tabId).toEqual(expect.any(Number));

    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tabId=${tabId}`);
    await expect.poll(() => panel.getByTestId('session-id').textContent()).toBe(await sessionId.jsonValue());

    await page.evaluate(async () => {
      const insights = (window as unknown as { crmInsights: { track(name: string): void; flush(): Promise<unknown> } }).crmInsights;
      insights.track('Panel Check');
      await insights.flush();
    });
    // Other collectors (page views, vitals, exposures) share the batch, so the count delivered is at least ours.
    await expect.poll(() => panel.getByTestId('last-sync').textContent()).toMatch(/delivered [1-9]\d*/);
    expect(await server.events({ name: 'Panel Check' })).toHaveLength(1);
    // Vitals may be reported after the flush; flushing again each time, the panel must see the queue reach zero.
    await expect
      .poll(async () => {
        await page.evaluate(() => (window as unknown as { crmInsights: { flush(): Promise<unknown> } }).crmInsights.flush());
        return panel.getByTestId('queued').textContent();
      })
      .toBe('0');
  });

  it('says so when the page has no widget', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/api/health`);
    const tabId = await browser.serviceWorker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, page.url());
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tabId=${tabId}`);
    await expect.poll(() => panel.getByTestId('widget-missing').textContent(), { timeout: 10_000 }).toMatch(/widget not found/);
  });
});
