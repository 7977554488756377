import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../../support/environment.ts';
import { TEST_WRITE_KEY } from '../../support/server.ts';

type Insights = { isOn(key: string): boolean; flags: { state(): { configSource: string } } };

const CONFIG = { version: 7, flags: { 'bootstrap-only': { type: 'boolean', defaultValue: true } } };

/**
 * A config the server rendered into the page (`data-flags-bootstrap`) under a strict CSP: the flags chunk reads it
 * at start, before any network answer, and says in the console (debug mode) when the element holds nothing usable.
 */
describe('a bootstrap config in the page', () => {
  const env = useServerAndBrowser();

  async function open(page: Page, json: string, warnings: string[]): Promise<Route[]> {
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // The config request is held, so what the page answers can only come from the bootstrap.
    const held: Route[] = [];
    await page.route('**/api/flags/config', (route) => void held.push(route));
    await page.route(`${env.server.origin}/bootstrap-fixture/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; connect-src 'self'" },
        body: `<!doctype html><html><head><meta charset="utf-8"><title>Deals</title>
          <script type="application/json" id="flags-config">${json}</script>
          <script async src="/insights.js" data-endpoint="/api" data-key="${TEST_WRITE_KEY}" data-flags-bootstrap="flags-config" data-debug></script>
          </head><body><h1>Deals</h1></body></html>`,
      }),
    );
    await page.goto(`${env.server.origin}/bootstrap-fixture/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { crmInsights?: Insights }).crmInsights?.isOn === 'function',
    );
    return held;
  }

  it('answers from it before the config request returns', async () => {
    const page = await env.browser.newPage();
    const warnings: string[] = [];
    const held = await open(page, JSON.stringify(CONFIG), warnings);
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flags.state().configSource),
      )
      .toBe('bootstrap');
    expect(
      await page.evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.isOn('bootstrap-only')),
    ).toBe(true);
    expect(held.length).toBeGreaterThan(0);
    expect(warnings.filter((text) => text.includes('data-flags-bootstrap'))).toEqual([]);
    await page.close();
  });

  it('warns in debug mode when the element holds no usable config, and carries on without one', async () => {
    const page = await env.browser.newPage();
    const warnings: string[] = [];
    await open(page, '{"version":1,', warnings);
    await expect
      .poll(() => warnings.find((text) => text.includes('data-flags-bootstrap')))
      .toMatch(/^\[crm-insights\] data-flags-bootstrap="flags-config": no usable config in that element \(.*JSON/);
    expect(
      await page.evaluate(
        () => (window as unknown as { crmInsights: Insights }).crmInsights.flags.state().configSource,
      ),
    ).toBe('none');
    await page.close();
  });
});
