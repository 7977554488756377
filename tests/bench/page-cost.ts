import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { BenchServer } from './bench-server.ts';
import { heapKinds } from './heap-kinds.ts';
import type { HeapKind, HeapSnapshot } from './heap-kinds.ts';
import { entryFunctions, hotFunctions, selfTimeMs } from './profile.ts';
import type { CpuProfile, HotFunction, Locate } from './profile.ts';
import type { Scenario } from './scenarios.ts';
import { totalBlockingTime } from './stats.ts';

/** What one load of a bench page cost, in the first `windowMs` after navigation (CPU throttled). */
export interface PageRun {
  /** Main-thread JavaScript time (CDP `Performance.getMetrics` ScriptDuration). */
  scriptMs: number;
  /** The SDK's own share of main-thread script time: CPU-profile self time in its scripts (`/sdk/…`). */
  sdkSelfMs: number;
  /** The SDK functions with the most self time, for whoever has to make it cheaper. */
  sdkHotFunctions: HotFunction[];
  /** What started the SDK's script time: its time charged to the outermost SDK function on each stack. */
  sdkEntryFunctions: HotFunction[];
  /** All main-thread task time (TaskDuration): script, style, layout, paint. */
  taskMs: number;
  /** Long tasks' time over 50 ms, after first contentful paint. */
  tbtMs: number;
  longTasks: number;
  /** JS heap in use after a forced garbage collection. */
  heapBytes: number;
  /** That heap by kind of object, from a heap snapshot (only on runs with `heapSnapshot`). */
  heapKinds?: Record<HeapKind, number>;
  fcpMs?: number;
  lcpMs?: number;
  /** SDK script bytes the page downloaded (`/sdk/…`, uncompressed, chunks included). */
  sdkScriptBytes: number;
  sdkScripts: string[];
  /** What the SDK sent to the sink during load and `useMs` of scripted use (only on runs with use). */
  sent?: {
    requests: number;
    bytes: number;
    bodyBytes: number;
    byPath: Record<string, { requests: number; bytes: number }>;
  };
  /**
   * JS heap in use after the scripted use and a forced garbage collection (only on runs with use): the SDK's heap once
   * it has handled the same clicks, typing and navigation as the others, past V8's first tiering of its event path.
   */
  heapAfterUseBytes?: number;
}

/** How the page runs are made. */
export interface PageRunOptions {
  cpuThrottle: number;
  windowMs: number;
  /** Milliseconds of scripted use after the window (clicks, typing, navigation); 0 for none. */
  useMs: number;
  /** Names the hot functions by their original sources (see `sourceLocator`); minified positions without it. */
  locate?: Locate;
  /** Takes a heap snapshot after the forced garbage collection, for `heapKinds`. */
  heapSnapshot?: boolean;
  /** A folder to also write that snapshot to (`<scenario>.heapsnapshot`, opens in DevTools' Memory panel). */
  heapSnapshotDir?: string;
}

// Runs before any script of the page: records paints and long tasks as they happen (long tasks are not
// buffered for observers registered later). A bench page may have a global of its own; the SDKs never see it.
const OBSERVE = `(() => {
  const state = { fcp: undefined, lcp: undefined, longTasks: [] };
  Object.defineProperty(window, '__benchPerformance', { value: state });
  const observe = (type, callback) => { try { new PerformanceObserver((list) => list.getEntries().forEach(callback)).observe({ type, buffered: true }); } catch {} };
  observe('paint', (entry) => { if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime; });
  observe('largest-contentful-paint', (entry) => { state.lcp = entry.startTime; });
  observe('longtask', (entry) => { state.longTasks.push({ startTime: entry.startTime, duration: entry.duration }); });
})();`;

interface Observed {
  fcp?: number;
  lcp?: number;
  longTasks: { startTime: number; duration: number }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

/** JS heap in use after a forced garbage collection (CDP's `JSHeapUsedSize`). */
export async function usedHeapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize ?? 0;
}

/** Closes a dialog the page has open (Escape, as a user would), in the page or in an open shadow root. */
async function closeOpenDialog(page: Page): Promise<void> {
  if (await page.locator('[role="dialog"]').first().isVisible()) await page.keyboard.press('Escape');
}

/**
 * Scripted CRM use: navigation, clicks and typing, repeated until `ms` have passed; returns how many rounds it began.
 * Steps the demo lacks are skipped.
 */
export async function exerciseTheCrm(page: Page, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  const step = async (action: () => Promise<unknown>) => {
    if (Date.now() >= deadline) return;
    // The demo asks crm-insights for a feedback prompt once a contact is saved; a user closes it and carries on,
    // where a script clicking past it would wait out every later step's timeout.
    await closeOpenDialog(page).catch(() => undefined);
    await action().catch(() => undefined);
  };
  const click = (selector: string) => page.locator(selector).first().click({ timeout: 1000 });
  let round = 0;
  while (Date.now() < deadline) {
    round += 1;
    await step(() => click('nav a:has-text("Pipeline")'));
    await step(() => click('button[aria-label$=" forward"]:not([disabled])'));
    await step(() => click('button[aria-label$=" back"]:not([disabled])'));
    await step(() => click('nav a:has-text("Contacts")'));
    await step(() =>
      page.locator('input[type="search"]').first().pressSequentially(`acme ${round}`, { delay: 40, timeout: 2000 }),
    );
    await step(() => click('button:has-text("New contact")'));
    await step(() =>
      page.locator('input[name="name"]').pressSequentially('Ada Lovelace', { delay: 30, timeout: 2000 }),
    );
    await step(() =>
      page.locator('input[name="email"]').pressSequentially(`ada${round}@example.com`, { delay: 30, timeout: 2000 }),
    );
    await step(() =>
      page.locator('input[name="company"]').pressSequentially('Analytical Engines', { delay: 30, timeout: 2000 }),
    );
    await step(() => click('form button[type="submit"]'));
    await step(() => click('nav a:has-text("Reports")'));
  }
  return round;
}

/**
 * Loads the scenario's bench page once in a fresh context and measures it. The page is first pointed at a blank
 * page of the same origin so the CPU throttle and the metrics are in place before the measured navigation starts.
 */
export async function measurePageRun(
  browser: Browser,
  server: BenchServer,
  scenario: Scenario,
  options: PageRunOptions,
): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    await page.goto(`${server.origin}/blank`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const before = await metrics(cdp);
    server.reset();
    await cdp.send('Profiler.start');
    const started = Date.now();
    await page.goto(`${server.origin}/demo/?sdk=${scenario.id}`, { waitUntil: 'commit' });
    await sleep(options.windowMs - (Date.now() - started));
    const after = await metrics(cdp);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const isSdk = (url: string) => url.startsWith(`${server.origin}/sdk/`);
    const observed = (await page.evaluate('window.__benchPerformance')) as Observed;
    const heapBytes = await usedHeapAfterGc(cdp);
    const kinds = options.heapSnapshot ? await snapshotKinds(cdp, scenario.id, options.heapSnapshotDir) : undefined;
    const sdkScripts = [...server.sdkScripts.keys()];
    const sdkScriptBytes = [...server.sdkScripts.values()].reduce((total, bytes) => total + bytes, 0);
    const run: PageRun = {
      scriptMs: ((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) * 1000,
      sdkSelfMs: selfTimeMs(profile, isSdk),
      sdkHotFunctions: hotFunctions(profile, isSdk, 5, options.locate),
      sdkEntryFunctions: entryFunctions(profile, isSdk, 20, options.locate),
      taskMs: ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000,
      tbtMs: observed.fcp === undefined ? 0 : totalBlockingTime(observed.longTasks, observed.fcp, options.windowMs),
      longTasks: observed.longTasks.length,
      heapBytes,
      heapKinds: kinds,
      fcpMs: observed.fcp,
      lcpMs: observed.lcp,
      sdkScriptBytes,
      sdkScripts,
    };
    if (options.useMs > 0) {
      await exerciseTheCrm(page, options.useMs);
      run.sent = { ...server.sink, byPath: { ...server.sink.byPath } };
      run.heapAfterUseBytes = await usedHeapAfterGc(cdp);
    }
    return run;
  } finally {
    await context.close();
  }
}

/** The page's heap by kind, from a snapshot taken now; written to `dir` as well when given. */
export async function snapshotKinds(cdp: CDPSession, id: string, dir?: string): Promise<Record<HeapKind, number>> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const text = chunks.join('');
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.heapsnapshot`), text);
  }
  return heapKinds(JSON.parse(text) as HeapSnapshot);
}
