import { readFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../support/axe.ts';
import { launchBrowser } from '../../support/browser.ts';
import { startTestServer, TEST_READ_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { readApi, seedDashboardFixture } from './dashboard-fixture.ts';
import type { FixtureRange } from './dashboard-fixture.ts';
import type { LongFrameScriptsAnswer } from '../../../server/src/analytics/queries/long-frame-scripts.ts';

const STAFF = 'staff_token_dashboard_e2e';
const PAGES = [
  'overview',
  'experiments/pipeline-layout',
  'flags/pipeline-layout',
  'product',
  'errors',
  'errors/fp-deal-stage',
  'performance',
  'feedback',
  'sessions',
  'operations',
];
const PAGE_QUERY: Record<string, string> = {
  product: `&steps=${encodeURIComponent('Signup,Deal Created,Deal Won')}&split=pipeline-layout`,
};

/** Records a real session on the demo CRM with replay switched on, uploads it, and answers its session id. */
async function recordReplay(browser: Browser, origin: string): Promise<string> {
  const page = await browser.newPage();
  await page.route('**/demo/contacts/new', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      body: (await response.text()).replace(
        'data-release=',
        'data-replay="session" data-replay-sample-rate="1" data-release=',
      ),
    });
  });
  await page.goto(`${origin}/demo/contacts/new`);
  await page.waitForFunction(() => 'replay' in ((window as unknown as { crmInsights?: object }).crmInsights ?? {}));
  await page.locator('input').first().fill('Ada Lovelace');
  const sessionId = await page.evaluate(async () => {
    const api = (
      window as unknown as {
        crmInsights: { flush(): Promise<unknown>; getSessionId(): string; replay: { flush(): Promise<unknown> } };
      }
    ).crmInsights;
    await api.replay.flush();
    await api.flush();
    return api.getSessionId();
  });
  await page.close();
  return sessionId;
}

/**
 * The dashboard in real Chromium against the real server, seeded through the ingest API: sign-in, every page under
 * the strict CSP with no console error and no serious accessibility problem, the numbers it draws equal to the
 * API's answers for the same range, and staff actions that a read-key session cannot take.
 */
describe('the dashboard', () => {
  let server: TestServer;
  let browser: Browser;
  let range: FixtureRange;
  let query: string;
  beforeAll(async () => {
    server = await startTestServer({ staffTokens: [STAFF] });
    browser = await launchBrowser();
    range = await seedDashboardFixture(server.origin);
    query = `range=custom&since=${range.since}&until=${range.until}`;
    PAGE_QUERY.sessions = `&session=${await recordReplay(browser, server.origin)}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = <T>(path: string): Promise<T> => readApi<T>(server.origin, path);

  /** A page that records console errors, page errors and CSP violations. */
  async function watchedPage(context: BrowserContext, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    page.on('console', (message) => {
      // 404s are judged by URL below (the browser's own favicon request is one); every other console error counts.
      if (message.type() === 'error' && !/status of 404/.test(message.text()))
        problems.push(`${new URL(page.url()).pathname}: ${message.text()}`);
    });
    // Every panel's read exists, so a 404 from anything but the favicon the browser asks for is a problem.
    page.on('response', (response) => {
      if (response.status() === 404 && new URL(response.url()).pathname !== '/favicon.ico')
        problems.push(`404 ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (error) => problems.push(`${new URL(page.url()).pathname}: ${error.message}`));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      ),
    );
    return { page, problems };
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${server.origin}/dashboard/?${query}`);
    await page.getByLabel('Read key or staff token').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
  }

  async function settle(page: Page): Promise<void> {
    // Pages are loaded on demand: wait until one has drawn its panels, then until none is loading.
    await page.locator('section.panel').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[aria-busy="true"], .state.loading').count(), { timeout: 20_000 }).toBe(0);
  }

  it("refuses a wrong key with the API's message and sets no cookie", async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.origin}/dashboard/`);
    await page.getByLabel('Read key or staff token').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/wrong key: sign in with the read key or a staff token/);
    expect(await context.cookies()).toEqual([]);
    expect(problems.filter((text) => !/status of 403/.test(text))).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/sign-in.png' });
    await context.close();
  });

  it('loads at most 120 KB of JavaScript (brotli) for the first page, and the other pages on demand', async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    await signIn(page, TEST_READ_KEY);
    const scripts = new Set<string>();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) scripts.add(new URL(response.url()).pathname);
    });
    await page.reload();
    await settle(page);
    const sizes = [...scripts].map((path) => brotliCompressSync(readFileSync(`dist/public${path}`)).length);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    console.log(`[dashboard] first page: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB brotli`);
    expect(total).toBeLessThanOrEqual(120 * 1024);
    expect([...scripts].some((path) => path.includes('overview-page'))).toBe(true);
    expect([...scripts].some((path) => path.includes('flags-page') || path.includes('experiments-page'))).toBe(false);
    await context.close();
  });

  it('serves the dashboard with a strict CSP that refuses framing', async () => {
    const response = await fetch(`${server.origin}/dashboard/errors`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/style-src 'self';/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it("shows every page to a read-key session, with the API's numbers, charts, no console error and no serious axe violation", async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await signIn(page, TEST_READ_KEY);
    const cookie = (await context.cookies()).find((each) => each.name === 'insights_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000);
    expect(
      await page.evaluate(
        () => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + location.href,
      ),
    ).not.toContain(TEST_READ_KEY);

    for (const path of PAGES) {
      await page.goto(`${server.origin}/dashboard/${path}?${query}${PAGE_QUERY[path] ?? ''}`);
      await settle(page);
      expect(await axeViolations(page), path).toEqual([]);
      await page.screenshot({
        path: `docs/screenshots/${path.split('/')[0]}${path.includes('/') ? '-detail' : ''}.png`,
        fullPage: true,
      });
    }
    expect(problems).toEqual([]);

    // The recorded session's replay plays in the Sessions page's frame, next to its timeline.
    await page.goto(`${server.origin}/dashboard/sessions?${query}${PAGE_QUERY.sessions}`);
    await settle(page);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    await page.frameLocator('iframe.replay-frame').locator('.replayer-wrapper iframe').waitFor();
    expect(await page.frameLocator('iframe.replay-frame').locator('#status').textContent()).toMatch(/page load/);

    // The experiment's lift and CI for B, as the API computes it for the same range.
    const span = `since=${range.since}&until=${range.until}`;
    const results = await api<{
      metrics: {
        variations: {
          variation: string;
          comparison?: { absoluteLift: { estimate: number; lower: number; upper: number } };
        }[];
      }[];
    }>(`/experiments/results?experiment=pipeline-layout&metric=${encodeURIComponent('conversion:Deal Won')}&${span}`);
    const lift = results.metrics[0]!.variations.find((each) => each.variation === 'B')!.comparison!.absoluteLift;
    await page.goto(`${server.origin}/dashboard/experiments/pipeline-layout?${query}`);
    await settle(page);
    const points = (value: number) => (value * 100).toFixed(2);
    expect(await page.locator('tr[data-variation="B"] .lift').textContent()).toBe(
      `${points(lift.estimate)} pts (${points(lift.lower)} to ${points(lift.upper)})`,
    );
    const forest = page.locator('.forest-row').first();
    expect(Number(await forest.getAttribute('data-estimate'))).toBeCloseTo(lift.estimate * 100, 9);
    expect(Number(await forest.getAttribute('data-lower'))).toBeCloseTo(lift.lower * 100, 9);
    expect(await page.locator('.verdict').first().textContent()).toMatch(
      /^B leads on Deal Won by \+15\.0 points, 95% CI/,
    );

    // The funnel's step counts.
    const steps = 'Signup,Deal Created,Deal Won';
    const funnel = await api<{ result: { step: string; count: number }[] }>(
      `/analytics/funnels?steps=${encodeURIComponent(steps)}&windowMs=604800000&${span}`,
    );
    await page.goto(`${server.origin}/dashboard/product?${query}&steps=${encodeURIComponent(steps)}`);
    await settle(page);
    const shown = await page
      .locator('table.funnel')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-step'), row.querySelector('.count')!.textContent]),
      );
    expect(shown).toEqual(funnel.result.map((step) => [step.step, String(step.count)]));
    // Users 0–59 sign up, 0–39 create a deal, and all of those win one (control's first 100 and B's first 175 do).
    expect(funnel.result.map((step) => step.count)).toEqual([60, 40, 40]);
    expect(await page.locator('table.funnel .bar').count()).toBe(3);

    // NPS, and its trend chart drawn with data.
    const nps = await api<{ score: number }>(`/feedback/nps?${span}`);
    await page.goto(`${server.origin}/dashboard/feedback?${query}`);
    await settle(page);
    expect(await page.locator('[data-nps]').first().textContent()).toBe(String(nps.score));
    const chart = page.locator('figure.chart').first();
    expect(await chart.getAttribute('data-series')).toBe('1');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);

    // A vitals p75.
    const vitals = await api<{ vitals: { path: string; metric: string; p75: number }[] }>(
      `/analytics/vitals?groupBy=route&${span}`,
    );
    const lcp = vitals.vitals.find((row) => row.path === '/pipeline' && row.metric === 'LCP')!;
    expect(lcp.p75).toBe(3100);
    await page.goto(`${server.origin}/dashboard/performance?${query}`);
    await settle(page);
    expect(await page.locator('tr[data-path="/pipeline"][data-metric="LCP"] [data-p75]').textContent()).toBe(
      '3,100 ms',
    );
    expect(await page.locator('tr[data-path="/pipeline"][data-metric="LCP"] .stack .bar-fill').count()).toBe(3);

    // Read-only: no staff controls, and the API refuses a change made with this cookie.
    await page.goto(`${server.origin}/dashboard/errors?${query}`);
    await settle(page);
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);

    // The range picker writes the URL, and the page asks the API about the new range.
    const asked = page.waitForRequest(
      (request) =>
        request.url().includes('/api/errors/groups') &&
        new URL(request.url()).searchParams.get('until') !== String(range.until),
    );
    await page.getByLabel('Time range').selectOption('24h');
    await asked;
    expect(new URL(page.url()).searchParams.get('range')).toBe('24h');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('custom');

    // At 800 px the layout still fits: no horizontal scrolling of the page.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`${server.origin}/dashboard/overview?${query}`);
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.screenshot({ path: 'docs/screenshots/overview-800px.png', fullPage: true });
    expect(problems).toEqual([]);

    // The API refuses a change made with this read-only cookie (its 403 is the last request of this page).
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/errors/groups/fp-deal-stage', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'resolved' }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(refused).toEqual({ status: 403, body: { error: expect.stringMatching(/read-only/) } });

    // A cross-site POST carrying this cookie is refused.
    const crossSite = await fetch(`${server.origin}/api/extension/pairing`, {
      method: 'POST',
      headers: { Cookie: `insights_session=${cookie.value}`, Origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toMatch(/cross-site/);
    await context.close();
  });

  it("draws the analytics engine's and the operations reads, each number equal to the API's answer for the same range", async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await signIn(page, TEST_READ_KEY);
    const span = `since=${range.since}&until=${range.until}`;
    const text = (selector: string) => page.locator(selector).first().textContent();
    const count = (value: number) => value.toLocaleString('en-US');
    /** Every chart in `scope` is drawn on a canvas with at least one point in each of its series. */
    const chartsDrawn = async (scope: string) => {
      const charts = page.locator(`${scope} figure.chart`);
      await charts.first().waitFor({ timeout: 10_000 });
      expect(await charts.count(), scope).toBeGreaterThan(0);
      for (const points of await charts.evaluateAll((figures) =>
        figures.map((figure) => figure.getAttribute('data-points')!),
      ))
        expect(
          points
            .split(',')
            .map(Number)
            .every((each) => each > 0),
          `${scope}: ${points}`,
        ).toBe(true);
      expect(await page.locator(`${scope} figure.chart canvas`).count()).toBeGreaterThan(0);
    };
    type Trend<P> = { points: P[] };
    type EventPoint = { type: string; value?: string | null; events: number };
    // The engine projects the record in the background: wait until it holds every seeded event.
    const events = await expect
      .poll(
        async () =>
          (await api<Trend<EventPoint>>(`/analytics/trends?series=events&${span}`)).points.reduce(
            (sum, point) => sum + point.events,
            0,
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(1000)
      .then(() => api<Trend<EventPoint>>(`/analytics/trends?series=events&${span}`));

    // Overview: events and error rate over the range, active users, the last 24 hours, health, alerts.
    const total = events.points.reduce((sum, point) => sum + point.events, 0);
    const failed = events.points
      .filter((point) => point.type === 'error')
      .reduce((sum, point) => sum + point.events, 0);
    await page.goto(`${server.origin}/dashboard/overview?${query}`);
    await settle(page);
    expect(await text('[data-figure="events"]')).toBe(count(total));
    expect(await text('[data-figure="error-events"]')).toBe(count(failed));
    expect(await text('[data-figure="error-rate"]')).toBe(`${((failed / total) * 100).toFixed(2)}%`);
    const overview = await api<{ last24h: { events: number }; activeUsers: { today: number } }>('/analytics/overview');
    expect(await text('[data-figure="events-24h"]')).toBe(count(overview.last24h.events));
    expect(await text('[data-figure="active-today"]')).toBe(count(overview.activeUsers.today));
    await chartsDrawn('section[aria-label="Events and error rate"]');
    await chartsDrawn('section[aria-label="Active users"]');
    // The score is re-sampled every 10 s, so the page and the API are compared at once, again if a sample fell between.
    const health = await api<{ score: number; components: unknown[] }>('/infrastructure/health');
    await expect
      .poll(
        async () => {
          const shown = Number(await text('[data-figure="health-score"]'));
          const now = (await api<{ score: number }>('/infrastructure/health')).score;
          if (shown !== now) await page.reload().then(() => settle(page));
          return shown === now;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await page.locator('section[aria-label="Open alerts"]').textContent()).toMatch(/No alert is firing/);
    expect((await api<{ incidents: unknown[] }>('/alerts/incidents?status=open')).incidents).toEqual([]);

    // Product analytics: the explorer's total, revenue per currency, top pages.
    const dealsCreated = await api<Trend<EventPoint>>(
      `/analytics/trends?series=events&name=${encodeURIComponent('Deal Created')}&breakdown=trait:plan&${span}`,
    );
    await page.goto(
      `${server.origin}/dashboard/product?${query}&event=${encodeURIComponent('Deal Created')}&by=trait:plan`,
    );
    await settle(page);
    expect(await text('[data-figure="explorer-total"]')).toBe(
      count(dealsCreated.points.reduce((sum, point) => sum + point.events, 0)),
    );
    expect(await text('[data-figure="explorer-total"]')).toBe('40');
    await chartsDrawn('section[aria-label="Event explorer"]');
    const revenue = await api<{ totals: { currency: string; amount: number }[] }>(`/analytics/revenue?${span}`);
    expect(revenue.totals.map((row) => [row.currency, row.amount])).toEqual([
      ['EUR', 400],
      ['USD', 125],
    ]);
    for (const row of revenue.totals)
      expect(await text(`tr[data-currency="${row.currency}"] [data-figure="amount"]`)).toBe(count(row.amount));
    await chartsDrawn('section[aria-label="Revenue by currency"]');
    const pages = await api<Trend<EventPoint>>(`/analytics/trends?series=events&breakdown=prop:route&${span}`);
    const pipelineViews = pages.points
      .filter((point) => point.type === 'page' && point.value === '/pipeline')
      .reduce((sum, point) => sum + point.events, 0);
    expect(pipelineViews).toBe(20);
    expect(await text('section[aria-label="Top pages"] tr[data-label="/pipeline"] [data-figure="count"]')).toBe(
      count(pipelineViews),
    );

    // Performance: API performance per route, and the daily vitals per route with thresholds.
    const apiPerformance = await api<{
      routes: { route: string; method: string; requests: number; p95: number; errorRate: number }[];
    }>(`/analytics/api-performance?${span}`);
    const deals = apiPerformance.routes.find((row) => row.route === '/api/deals/:id')!;
    expect(deals).toMatchObject({ method: 'GET', requests: 10 });
    await page.goto(`${server.origin}/dashboard/performance?${query}`);
    await settle(page);
    expect(await text('tr[data-route="GET /api/deals/:id"] [data-figure="requests"]')).toBe(String(deals.requests));
    expect(await text('tr[data-route="GET /api/deals/:id"] [data-figure="p95"]')).toBe(`${count(deals.p95)} ms`);
    expect(await text('tr[data-route="GET /api/deals/:id"] [data-figure="error-rate"]')).toBe(
      `${(deals.errorRate * 100).toFixed(1)}%`,
    );
    await chartsDrawn('section[aria-label="API performance by route"]');
    await chartsDrawn('.vitals-trend[data-metric="LCP"]');
    // Scripts behind long animation frames, ranked by their own run time as the API ranks them.
    // The fixture's frames, plus any the demo page's real frames added (a busy machine makes some).
    const frames = await api<LongFrameScriptsAnswer>(`/analytics/long-frame-scripts?${span}`);
    const totals = frames.scripts.map((script) => script.totalMs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(frames.scripts.map((script) => [script.source, script.function, script.frames, script.totalMs])).toEqual(
      expect.arrayContaining([
        ['https://crm.test/app.js', 'saveDeal', 2, 180],
        ['https://crm.test/vendor.js', '', 1, 110],
      ]),
    );
    const framesPanel = 'section[aria-label="Scripts behind long animation frames"]';
    expect(
      await page
        .locator(`${framesPanel} tbody tr`)
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-script'))),
    ).toEqual(frames.scripts.map((script) => `${script.source} ${script.function}`.trim()));
    const appScript = frames.scripts.find((script) => script.function === 'saveDeal')!;
    const appRow = `${framesPanel} tr[data-script="https://crm.test/app.js saveDeal"]`;
    expect(await text(`${appRow} [data-figure="frames"]`)).toBe(String(appScript.frames));
    expect(await text(`${appRow} [data-figure="total"]`)).toBe(`${count(appScript.totalMs)} ms`);
    expect(await text(`${appRow} [data-figure="p75"]`)).toBe(`${count(appScript.p75Ms)} ms`);
    // One line per route the API has LCP for (the fixture's and the demo pages'), then the good and poor thresholds.
    const vitalsTrend = await api<Trend<{ route: string; metric: string }>>(`/analytics/trends?series=vitals&${span}`);
    const lcpRoutes = new Set(vitalsTrend.points.filter((point) => point.metric === 'LCP').map((point) => point.route));
    expect(lcpRoutes.has('/pipeline')).toBe(true);
    expect(await page.locator('.vitals-trend[data-metric="LCP"] figure.chart').getAttribute('data-series')).toBe(
      String(Math.min(8, lcpRoutes.size) + 2),
    );

    // Experiments: exposures over time, one line per variation, summing to the exposures the API counts.
    const exposures = await api<Trend<EventPoint>>(
      `/analytics/trends?series=events&name=pipeline-layout&breakdown=prop:variation&${span}`,
    );
    expect(
      exposures.points.filter((point) => point.type === 'exposure').reduce((sum, point) => sum + point.events, 0),
    ).toBe(1000);
    await page.goto(`${server.origin}/dashboard/experiments/pipeline-layout?${query}`);
    await settle(page);
    await chartsDrawn('section[aria-label="Exposures over time"]');
    expect(
      await page.locator('section[aria-label="Exposures over time"] figure.chart').getAttribute('data-series'),
    ).toBe('2');

    // Errors: each group's hourly sparkline has the hours the API counts it in.
    const errorTrend = await api<Trend<{ fingerprint: string; occurrences: number }>>(
      `/analytics/trends?series=errors&${span}`,
    );
    await page.goto(`${server.origin}/dashboard/errors?${query}`);
    await settle(page);
    for (const fingerprint of ['fp-deal-stage', 'fp-contacts']) {
      const hours = errorTrend.points.filter(
        (point) => point.fingerprint === fingerprint && point.occurrences > 0,
      ).length;
      expect(hours, fingerprint).toBeGreaterThan(0);
      expect(
        await page.locator(`tr[data-fingerprint="${fingerprint}"] svg.sparkline`).getAttribute('data-points'),
      ).toBe(String(hours));
    }

    // Operations: sampled series drawn, the health score with its terms, the capacity plan.
    await expect
      .poll(
        async () =>
          Object.keys(
            (await api<{ series: { metrics: Record<string, unknown> } }>('/infrastructure/metrics')).series.metrics,
          ).length,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.goto(`${server.origin}/dashboard/operations?${query}`);
    await settle(page);
    await chartsDrawn('[data-chart="API requests"]');
    expect(await page.locator('section[aria-label="Health score"] table tbody tr').count()).toBe(
      health.components.length,
    );
    const capacity = await api<{ dailyEvents: unknown[] }>('/infrastructure/capacity');
    expect(await page.locator('section[aria-label="Capacity plan"] [data-figure="bytes-per-event"]').count()).toBe(1);
    if (capacity.dailyEvents.length) await chartsDrawn('section[aria-label="Capacity plan"]');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("lets a staff session resolve an error, set a request's status, pair the extension and edit a flag the demo picks up", async () => {
    const demoContext = await browser.newContext();
    const demo = await demoContext.newPage();
    const reportsEnabled = async () => {
      await demo.goto(`${server.origin}/demo/`);
      await demo.waitForFunction(
        () => typeof (window as unknown as { crmInsights?: { isOn?: unknown } }).crmInsights?.isOn === 'function',
      );
      return demo.evaluate(() =>
        (window as unknown as { crmInsights: { isOn(key: string): boolean } }).crmInsights.isOn('reports-enabled'),
      );
    };
    await expect.poll(reportsEnabled, { timeout: 20_000 }).toBe(true);

    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await signIn(page, STAFF);

    await page.goto(`${server.origin}/dashboard/errors?${query}`);
    await settle(page);
    await page.locator('tr[data-fingerprint="fp-deal-stage"]').getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(() => page.locator('tr[data-fingerprint="fp-deal-stage"] .status').textContent())
      .toBe('resolved');
    const groups = await api<{ groups: { fingerprint: string; status: string }[] }>(
      `/errors/groups?since=${range.since}&until=${range.until}`,
    );
    expect(groups.groups.find((group) => group.fingerprint === 'fp-deal-stage')!.status).toBe('resolved');

    await page.goto(`${server.origin}/dashboard/feedback?${query}`);
    await settle(page);
    await page.getByLabel('Status of Export contacts as CSV').selectOption('planned');
    await expect
      .poll(
        async () =>
          (await api<{ requests: { title: string; status: string }[] }>('/feature-requests')).requests.find(
            (request) => request.title === 'Export contacts as CSV',
          )!.status,
      )
      .toBe('planned');

    await page.goto(`${server.origin}/dashboard/operations?${query}`);
    await settle(page);
    await page.getByRole('button', { name: 'Make a pairing code' }).click();
    await expect.poll(() => page.locator('.pairing-code').textContent()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);

    await page.goto(`${server.origin}/dashboard/flags/reports-enabled?${query}`);
    await settle(page);
    await page.getByLabel('Default value (JSON)').fill('"off"');
    await page.getByRole('button', { name: 'Save flag' }).click();
    await expect.poll(() => page.locator('#problem-defaultValue').textContent()).toMatch(/defaultValue/);
    await page.getByLabel('Default value (JSON)').fill('false');
    await page.getByLabel('Note for the history').fill('turn reports off from the dashboard');
    await page.getByRole('button', { name: 'Save flag' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved as version' }).count()).toBe(1);
    await page.screenshot({ path: 'docs/screenshots/flags-edit.png', fullPage: true });
    await expect.poll(reportsEnabled, { timeout: 20_000 }).toBe(false);
    expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
    await context.close();
    await demoContext.close();
  });
});
