import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/chromium-options.ts';
import { startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

type Insights = { track(name: string): void; flush(): Promise<unknown>; getSessionId(): string };

describe('a page restored from the back/forward cache', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    // Playwright switches the back/forward cache off by default; this test needs the browser's real behaviour.
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('stays cacheable, resumes the same session and delivers what it tracks exactly once', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/demo/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { crmInsights?: Insights }).crmInsights?.getSessionId === 'function',
    );
    const before = await page.evaluate(async () => {
      const insights = (window as unknown as { crmInsights: Insights }).crmInsights;
      (window as unknown as { restoredMarker: number }).restoredMarker = 42;
      insights.track('Before Leaving');
      await insights.flush();
      return insights.getSessionId();
    });

    await page.goto(`${server.origin}/demo/styles.css`);
    // A restore from the cache fires pageshow, not load.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.readyState === 'complete');
    // The marker survives only if the page came back from the back/forward cache rather than a fresh load.
    expect(await page.evaluate(() => (window as unknown as { restoredMarker?: number }).restoredMarker)).toBe(42);

    const after = await page.evaluate(async () => {
      const insights = (window as unknown as { crmInsights: Insights }).crmInsights;
      insights.track('After Restore');
      await insights.flush();
      return insights.getSessionId();
    });
    expect(after).toBe(before);
    const stored = [
      ...(await server.events({ name: 'Before Leaving' })),
      ...(await server.events({ name: 'After Restore' })),
    ];
    expect(stored.map((event) => [event.name, event.sessionId])).toEqual(
      expect.arrayContaining([
        ['Before Leaving', before],
        ['After Restore', before],
      ]),
    );
    expect(stored).toHaveLength(2);
  });
});
