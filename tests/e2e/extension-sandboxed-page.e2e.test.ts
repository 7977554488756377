import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openContentScriptWorld } from '../support/content-script-world.ts';
import { useServerAndExtension } from '../support/environment.ts';
import { openPanel } from '../support/extension.ts';

const EXPERIMENT = 'pipeline-layout';

type Insights = { getSessionId(): string; getVariant(key: string): string | undefined };

/**
 * Serves the demo's Pipeline page as a sandboxed document (`Content-Security-Policy: sandbox allow-scripts`): its
 * origin is opaque, `self.origin` reads "null". Every request goes through the test runner, since Chromium refuses
 * an opaque origin's requests to the loopback address the test server listens on (Local Network Access), which a
 * CRM on a public address never meets; module scripts and API calls from an opaque origin are CORS requests, hence
 * the `*` a CRM serving sandboxed pages would send too.
 */
async function openSandboxedPipeline(page: Page, origin: string): Promise<void> {
  await page.route(`${origin}/**`, async (route) => {
    const response = await route.fetch();
    const sandboxed = new URL(route.request().url()).pathname === '/demo/pipeline';
    const headers: Record<string, string> = sandboxed
      ? { 'content-security-policy': 'sandbox allow-scripts' }
      : { 'access-control-allow-origin': '*' };
    await route.fulfill({ response, headers: { ...response.headers(), ...headers } });
  });
  await page.goto(`${origin}/demo/pipeline`);
}

describe('the extension on a sandboxed page', () => {
  const env = useServerAndExtension();

  it('connects to the widget without an error, shows its session, and forces a variation', async () => {
    const page = await env.browser.context.newPage();
    const postMessageWarnings: string[] = [];
    page.on('console', (message) => {
      if (/postMessage/.test(message.text())) postMessageWarnings.push(message.text());
    });
    const world = await openContentScriptWorld(env.browser, page);
    await openSandboxedPipeline(page, env.server.origin);
    expect(await page.evaluate(() => self.origin)).toBe('null');
    const sessionId = await page.waitForFunction(() =>
      (window as unknown as { crmInsights?: Insights }).crmInsights?.getSessionId?.(),
    );

    const { panel } = await openPanel(env.browser, page);
    // allTextContents: no waiting for an element that never comes when the link is down.
    await expect
      .poll(() => panel.getByTestId('session-id').allTextContents(), { timeout: 10_000 })
      .toEqual([await sessionId.jsonValue()]);

    // Overrides are the tab's site's (its address's origin), as on any page of the site.
    const hashed = await page.evaluate(
      (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
      EXPERIMENT,
    );
    const forced = hashed === 'B' ? 'control' : 'B';
    await panel.getByTestId(`force-experiment-${EXPERIMENT}`).selectOption(forced);
    await expect
      .poll(() =>
        page.evaluate(
          (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
          EXPERIMENT,
        ),
      )
      .toBe(forced);
    await panel.getByTestId('clear-overrides').click();
    await expect
      .poll(() =>
        page.evaluate(
          (key) => (window as unknown as { crmInsights: Insights }).crmInsights.getVariant(key),
          EXPERIMENT,
        ),
      )
      .toBe(hashed);

    expect(await world.evaluate('typeof chrome.runtime.id')).toBe('string');
    expect(world.exceptions).toEqual([]);
    expect(postMessageWarnings).toEqual([]);
    await panel.close();
    await page.close();
  });
});
