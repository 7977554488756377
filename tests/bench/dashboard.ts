import { launchBrowser } from '../support/browser.ts';
import { checkLimit, KB } from './budgets.ts';
import type { Limit, LimitCheck } from './budgets.ts';
import { prepareDashboardStore } from './dashboard-store.ts';
import type { DashboardStore } from './dashboard-store.ts';
import { timeDashboard } from './dashboard-timing.ts';
import type { DashboardLoad } from './dashboard-timing.ts';
import { formatBytes, formatMs, formatNumber, formatTable } from './format.ts';
import { READ_KEY, startServerProcess } from './server-process.ts';
import { readTimeoutEnv } from './scale-settings.ts';
import type { ScalePaths, ScaleSettings } from './scale-settings.ts';
import { median } from './stats.ts';

/** One page's figure: the median and slowest of its loads, and what its panels said when they failed. */
export interface DashboardPageFigure {
  path: string;
  loads: number;
  medianMs?: number;
  maxMs?: number;
  panels?: number;
  /** The panel drawn last in the median load: what holds the page up. */
  slowestPanel?: { title: string; ms: number };
  /** Panel errors seen in any load, or why the page never finished drawing. */
  problems: string[];
}

/** `BENCH_ONLY=dashboard`: the dashboard timed in Chromium on the scale bench's store. */
export interface DashboardResult {
  store: DashboardStore;
  range: { days: number; since: number; until: number };
  runs: number;
  firstPageScripts: { files: number; brotli: number };
  pages: DashboardPageFigure[];
  chromium: string;
  seconds: number;
}

/** The figures: JavaScript of the first page is a budget; render times are targets (the machine is shared). */
export const DASHBOARD_LIMITS: readonly Limit[] = [
  {
    id: 'dashboard.firstPage.brotli',
    label: 'dashboard first page JavaScript ≤ 120 KB brotli',
    kind: 'max',
    value: 120 * KB,
    unit: 'bytes',
    severity: 'budget',
  },
  {
    id: 'dashboard.overview.ms',
    label: 'dashboard overview drawn ≤ 1.5 s',
    kind: 'max',
    value: 1500,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'dashboard.slowestPage.ms',
    label: 'dashboard every page drawn ≤ 3 s (slowest median)',
    kind: 'max',
    value: 3000,
    unit: 'ms',
    severity: 'target',
  },
];

const DAY_MS = 86_400_000;

/** A page's loads as one figure. */
export function pageFigure(path: string, loads: readonly DashboardLoad[], failure?: string): DashboardPageFigure {
  const times = loads.map((load) => load.ms);
  const problems = [...new Set(loads.flatMap((load) => load.errors))];
  const medianLoad = [...loads].sort((a, b) => a.ms - b.ms)[Math.floor((loads.length - 1) / 2)];
  if (failure) problems.push(`did not finish drawing: ${failure}`);
  return {
    path,
    loads: loads.length,
    ...(times.length ? { medianMs: median(times), maxMs: Math.max(...times) } : {}),
    ...(loads.length ? { panels: loads[0]!.panels } : {}),
    ...(medianLoad?.slowestPanel ? { slowestPanel: medianLoad.slowestPanel } : {}),
    problems,
  };
}

/**
 * Starts the built server on the store (the scale bench's `SCALE_DATA_DIR`, else one seeded here), then times
 * each page in Chromium over the last `DASHBOARD_DAYS` (default 7) days of the history, `runs` rounds.
 */
export async function measureDashboard(
  paths: ScalePaths,
  settings: ScaleSettings,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<DashboardResult> {
  const started = Date.now();
  const store = await prepareDashboardStore(paths, settings, env);
  const days = Number(env.DASHBOARD_DAYS) > 0 ? Number(env.DASHBOARD_DAYS) : 7;
  const server = await startServerProcess(paths.serverFile, paths.publicDir, undefined, {
    dataDir: store.dataDir,
    env: readTimeoutEnv(settings),
  });
  // Stopped whatever fails after it started, the browser's launch included.
  try {
    // A store whose loading was cut short holds only the oldest part of the window: the pages are asked about the
    // days before its last event, not about empty ones.
    const until = await lastEventHour(server.origin, store.endMs - settings.days * DAY_MS, store.endMs).catch(
      () => store.endMs,
    );
    const range = { days, since: until - days * DAY_MS, until };
    const browser = await launchBrowser();
    try {
      console.log(`  dashboard: ${runs} rounds of every page, ${days} days of ${store.source} data…`);
      const timings = await timeDashboard(browser, server.origin, {
        key: READ_KEY,
        query: `range=custom&since=${range.since}&until=${range.until}`,
        extraPages: [`experiments/${encodeURIComponent(settings.experiment)}`],
        runs,
        timeoutMs: 60_000,
        ...(env.DASHBOARD_PAGES ? { only: env.DASHBOARD_PAGES.split(',').map((path) => path.trim()) } : {}),
      });
      const pagePaths = [...new Set([...Object.keys(timings.loads), ...Object.keys(timings.failures)])];
      return {
        store,
        range,
        runs,
        firstPageScripts: timings.firstPageScripts,
        pages: pagePaths.map((path) => pageFigure(path, timings.loads[path] ?? [], timings.failures[path])),
        chromium: browser.version(),
        seconds: Math.round((Date.now() - started) / 1000),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

/** The end of the last hour with events in the window (from the hourly rollups), or the window's end. */
async function lastEventHour(origin: string, since: number, until: number): Promise<number> {
  const response = await fetch(`${origin}/api/analytics/trends?series=events&since=${since}&until=${until}`, {
    headers: { Authorization: `Bearer ${READ_KEY}` },
  });
  const answer = (await response.json()) as { points?: { hour: string; events: number }[] };
  const hours = (answer.points ?? []).filter((point) => point.events > 0).map((point) => Date.parse(point.hour));
  return hours.length ? Math.min(until, Math.max(...hours) + 3_600_000) : until;
}

/** The figures the limits are held to: the overview's median, the slowest page's median, first-page bytes. */
export function dashboardChecks(result: DashboardResult): LimitCheck[] {
  const medians = result.pages.map((page) => page.medianMs);
  // A page that never drew has no median: the "every page" figure is then missing, not passed.
  const slowest = medians.some((value) => value === undefined) ? undefined : Math.max(...(medians as number[]));
  const figures: Record<string, number | undefined> = {
    'dashboard.firstPage.brotli': result.firstPageScripts.files ? result.firstPageScripts.brotli : undefined,
    'dashboard.overview.ms': result.pages.find((page) => page.path === 'overview')?.medianMs,
    'dashboard.slowestPage.ms': slowest,
  };
  return DASHBOARD_LIMITS.map((limit) => checkLimit(limit, figures[limit.id]));
}

/** The printed table: one row per page. */
export function dashboardTable(result: DashboardResult): string {
  const events = result.store.events === undefined ? 'the scale bench’s' : formatNumber(result.store.events);
  return [
    `Dashboard: ${events} events (${result.store.source}), pages asked about the ${result.range.days} days before ${new Date(result.range.until).toISOString().slice(0, 13)}h UTC; median of ${result.runs} cold loads in Chromium ${result.chromium}, navigation start to every panel and chart drawn`,
    `first page JavaScript: ${formatBytes(result.firstPageScripts.brotli)} brotli in ${result.firstPageScripts.files} files`,
    '',
    formatTable(
      ['page', 'median', 'slowest', 'panels', 'last panel drawn (median load)', 'problems'],
      result.pages.map((page) => [
        page.path,
        formatMs(page.medianMs),
        formatMs(page.maxMs),
        String(page.panels ?? '–'),
        page.slowestPanel ? `${page.slowestPanel.title} at ${formatMs(page.slowestPanel.ms)}` : '–',
        page.problems.join('; ') || '–',
      ]),
    ),
  ].join('\n');
}
