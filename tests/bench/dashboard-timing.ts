import type { Browser, Page } from 'playwright-core';
import { compressedSizes } from './sizes.ts';

/** One load of one dashboard page: ms from navigation start until every panel and chart was drawn. */
export interface DashboardLoad {
  ms: number;
  /** Panels that showed the API's error instead of their answer (`title: message`). */
  errors: string[];
  panels: number;
  /** The panel drawn last and when (ms from navigation start): which read or chart held the page up. */
  slowestPanel?: { title: string; ms: number };
}

/** Every page's loads, by its path under `/dashboard/`, and the JavaScript the first page needed. */
export interface DashboardTimings {
  loads: Record<string, DashboardLoad[]>;
  /** Scripts fetched to draw the first page after sign-in, cold cache: brotli bytes (quality 11), and their count. */
  firstPageScripts: { files: number; brotli: number };
  failures: Record<string, string>;
}

/**
 * Runs in the page (polled once per frame): the page is drawn when no page chunk or panel is loading, at least
 * one panel exists, and every chart has its canvas. Answers the time since navigation start.
 */
function renderedSignal(): DashboardLoad | false {
  const drawn = (window as unknown as { panelsDrawn?: Record<string, number> }).panelsDrawn ?? {};
  const main = document.querySelector('main#content');
  if (!main || main.querySelector('.state.loading')) return false;
  const panels = [...main.querySelectorAll('[data-state]')];
  if (!panels.length || panels.some((panel) => panel.getAttribute('data-state') === 'loading')) return false;
  if ([...main.querySelectorAll('figure.chart')].some((chart) => !chart.querySelector('canvas'))) return false;
  const last = Object.entries(drawn).sort((a, b) => b[1] - a[1])[0];
  return {
    ms: performance.now(),
    panels: panels.length,
    ...(last ? { slowestPanel: { title: last[0], ms: last[1] } } : {}),
    errors: panels
      .filter((panel) => panel.getAttribute('data-state') === 'error')
      .map((panel) => `${panel.getAttribute('aria-label')}: ${panel.querySelector('.state.error p')?.textContent}`),
  };
}

/** Runs before the page's own scripts: notes when each panel first leaves its loading state. */
function watchPanels(): void {
  const drawn: Record<string, number> = {};
  (window as unknown as { panelsDrawn: Record<string, number> }).panelsDrawn = drawn;
  new MutationObserver((records) => {
    for (const record of records) {
      const panel = record.target as Element;
      const title = panel.getAttribute('aria-label') ?? '?';
      if (panel.getAttribute('data-state') !== 'loading' && drawn[title] === undefined)
        drawn[title] = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
}

async function timeLoad(page: Page, url: string, timeoutMs: number): Promise<DashboardLoad> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(renderedSignal, undefined, { polling: 'raf', timeout: timeoutMs });
  return (await handle.jsonValue()) as DashboardLoad;
}

/** Distinct scripts fetched again (uncompressed) and their brotli sizes summed, as the server precompresses them. */
async function brotliOf(urls: string[]): Promise<DashboardTimings['firstPageScripts']> {
  const sizes = await Promise.all(
    urls.map(async (url) => compressedSizes(Buffer.from(await (await fetch(url)).arrayBuffer())).brotli),
  );
  return { files: sizes.length, brotli: sizes.reduce((sum, size) => sum + size, 0) };
}

/** Signs in through the dashboard's own form, as a person would. */
async function signIn(page: Page, origin: string, key: string): Promise<void> {
  await page.goto(`${origin}/dashboard/`);
  await page.getByLabel('Read key or staff token').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav.sidebar').waitFor();
}

/**
 * Times every page of the dashboard `runs` times. Each round is a fresh browser context (cold cache, new
 * session): sign in, then open each page by its URL in menu order, as someone following a shared link would.
 */
export async function timeDashboard(
  browser: Browser,
  origin: string,
  options: {
    key: string;
    query: string;
    extraPages: string[];
    runs: number;
    timeoutMs: number;
    /** Only these pages (paths under `/dashboard/`), when given: to time one page again and again. */
    only?: readonly string[];
  },
): Promise<DashboardTimings> {
  const timings: DashboardTimings = { loads: {}, firstPageScripts: { files: 0, brotli: 0 }, failures: {} };
  for (let round = 0; round < options.runs; round++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(watchPanels);
    const scripts = new Set<string>();
    // The first round counts what the first page costs to download: the sign-in form's bundle and the overview.
    if (round === 0)
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.add(response.url());
      });
    try {
      await signIn(page, origin, options.key);
      const menu = await page
        .locator('nav.sidebar a')
        .evaluateAll((links) =>
          links.map((link) => new URL((link as HTMLAnchorElement).href).pathname.replace(/^\/dashboard\//, '')),
        );
      const pages = [...menu, ...options.extraPages].filter((path) => !options.only || options.only.includes(path));
      for (const path of pages) {
        try {
          const load = await timeLoad(page, `${origin}/dashboard/${path}?${options.query}`, options.timeoutMs);
          timings.loads[path] = [...(timings.loads[path] ?? []), load];
          if (round === 0 && path === menu[0]) timings.firstPageScripts = await brotliOf([...scripts]);
          process.stdout.write('.');
        } catch (error) {
          timings.failures[path] = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
          process.stdout.write('x');
        }
      }
    } finally {
      await context.close();
    }
  }
  process.stdout.write('\n');
  return timings;
}
