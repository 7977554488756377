import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictOf } from '../../../dashboard/src/pages/experiment-verdict.ts';
import type { ExperimentResults } from '../../../dashboard/src/pages/experiment-verdict.ts';
import { LEADING_METRIC_CANDIDATES, leadingMetric } from '../../../dashboard/src/pages/experiment-verdict-leader.ts';
import type { LongFrameScriptsAnswer } from '../../../server/src/analytics/queries/long-frame-scripts.ts';
import { launchBrowser } from '../../support/browser.ts';
import { startTestServer, TEST_READ_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { readApi, seedDashboardFixture } from './dashboard-fixture.ts';

/**
 * The Overview's leading metric per running experiment and the Performance page's long-frame scripts, in real
 * Chromium against the real server seeded through the ingest API: what is drawn equals the API's answer for the
 * same range, and every panel says when it is drawn (`data-state`), which the bench times.
 */
describe('the dashboard figures', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let span: string;
  const problems: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const range = await seedDashboardFixture(server.origin);
    span = `since=${range.since}&until=${range.until}`;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A 404 is judged by its URL (the browser asks for a favicon the dashboard does not have); other errors count.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() === 404 && new URL(response.url()).pathname !== '/favicon.ico')
        problems.push(`404 ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.origin}/dashboard/?range=custom&${span}`);
    await page.getByLabel('Read key or staff token').fill(TEST_READ_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = <T>(path: string): Promise<T> => readApi<T>(server.origin, path);

  /** Opens a page by URL and waits until every panel says it is drawn (no sleeps: the panels' own signal). */
  async function open(path: string): Promise<Record<string, string>> {
    await page.goto(`${server.origin}/dashboard/${path}?range=custom&${span}`);
    await page.locator('section.panel').first().waitFor();
    await expect
      .poll(() => page.locator('main [data-state="loading"], main .state.loading').count(), { timeout: 30_000 })
      .toBe(0);
    return Object.fromEntries(
      await page
        .locator('section.panel')
        .evaluateAll((panels) =>
          panels.map((panel) => [panel.getAttribute('aria-label'), panel.getAttribute('data-state')]),
        ),
    );
  }

  it("shows each running experiment's leading metric: the largest significant lift, its verdict and why", async () => {
    const states = await open('overview');
    expect(states['Running experiments']).toBe('ready');
    // The fixture: B converts 175 of 500 to Deal Won against the control's 100 of 500, a clear significant win.
    const results = await api<ExperimentResults>(
      `/experiments/results?experiment=pipeline-layout&${LEADING_METRIC_CANDIDATES.map((metric) => `metric=${encodeURIComponent(metric)}`).join('&')}&${span}`,
    );
    const leader = leadingMetric(results)!;
    expect([leader.metric.metric, leader.variation, leader.basis]).toEqual(['conversion:Deal Won', 'B', 'significant']);
    const expected = verdictOf(results, leader.metric, leader.variation, leader.comparison);
    expect(expected).toMatch(/^B leads on Deal Won by \+15\.0 points, 95% CI [\d.]+ to [\d.]+$/);
    const line = page.locator('section[aria-label="Running experiments"] .leading-metric');
    expect(await line.locator('[data-figure="leading-metric"]').textContent()).toBe(expected);
    expect(await line.getAttribute('data-basis')).toBe('significant');
    expect(await line.getAttribute('title')).toMatch(/^Leading metric: the metric with the largest significant lift/);
    expect(await line.locator('.badge').textContent()).toBe('largest significant lift');
  });

  it('marks every panel of the Overview drawn: ready with data, empty without, none still loading', async () => {
    const states = await open('overview');
    expect(Object.keys(states)).toHaveLength(9);
    // The fixture has events, NPS answers, vitals and errors, and no alert rule (so no incident).
    expect(states).toMatchObject({
      'Last 24 hours': 'ready',
      'Events and error rate': 'ready',
      NPS: 'ready',
      'Web vitals p75': 'ready',
      'Open alerts': 'empty',
    });
    expect(Object.values(states).every((state) => ['ready', 'empty'].includes(state))).toBe(true);
    expect(await page.locator('main figure.chart canvas').count()).toBeGreaterThan(0);
  });

  it('ranks the scripts behind long animation frames by their own run time, as the API does, at 800 px too', async () => {
    const answer = await api<LongFrameScriptsAnswer>(`/analytics/long-frame-scripts?${span}`);
    // This server saw only the fixture: app.js saveDeal ran 90 ms in each of two 120 ms frames, vendor.js 110 in one.
    expect(answer.scripts.map((script) => script.totalMs)).toEqual([180, 110]);
    await page.setViewportSize({ width: 800, height: 900 });
    const states = await open('performance');
    expect(states['Scripts behind long animation frames']).toBe('ready');
    const rows = page.locator('section[aria-label="Scripts behind long animation frames"] tbody tr');
    expect(await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-script')))).toEqual(
      answer.scripts.map((script) => `${script.source} ${script.function}`.trim()),
    );
    expect(await rows.first().locator('[data-figure="max"]').textContent()).toBe(`${answer.scripts[0]!.maxMs} ms`);
    // At 800 px the page must not scroll sideways: wide tables scroll inside their panel.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.screenshot({ path: 'docs/screenshots/performance-800px.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  });
});
