import type { Browser } from 'playwright-core';
import type { BenchServer } from './bench-server.ts';
import { percentile } from './stats.ts';

/** What capturing events costs the page, measured in Chromium (no CPU throttle: this is the widget's own speed). */
export interface CaptureResult {
  calls: number;
  /** Per `track()` call, in microseconds; the resolution of the page clock is `clockResolutionUs`. */
  trackP50Us: number;
  trackP99Us: number;
  /** Mean per call from the loop's total time: finer than the clock's resolution. */
  trackMeanUs: number;
  clockResolutionUs: number;
  /** Events in the IndexedDB outbox per second, from the first call until the last was stored. */
  eventsPerSecond: number;
  /**
   * Of the time behind `eventsPerSecond`, what came after the last `track()` returned: writing to IndexedDB what the
   * loop had not yet written (ms). Tells whether the calls or the writes limit the rate.
   */
  writeTailMs: number;
  stored: number;
}

/**
 * The capture page: crm-insights pointed at a sink path that answers 503, so events stay in the outbox where
 * they can be counted instead of being sent and deleted. The outbox limits are raised above the default 10,000
 * events / 5 MiB so that all of a long run is stored: the bench measures writing, not the overflow drop. The first
 * send waits 10 minutes (`data-flush-delay`): otherwise the sender's attempts and backoff retries against the 503
 * (each reads a 1,000-event record back, gzips a batch and rewrites the record with its attempt count) fell at
 * random into the timed run, and moved its result by up to half.
 */
export const CAPTURE_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>capture</title>' +
  '<script async src="/sdk/insights.js" data-endpoint="/fail/api" data-key="pk_bench" data-max-queue-items="1000000" data-max-queue-bytes="1073741824" data-flush-delay="600000"></script></head><body><p>capture bench</p></body></html>';

interface InPage {
  durations: number[];
  loopMs: number;
  persistMs: number;
  stored: number;
  isolated: boolean;
}

// Runs inside the page. Counts the widget's outbox through a second IndexedDB connection, as the e2e tests do: a
// record holds the events written together, and its `by-count-bit` index has an entry per set bit of the record's
// event count, so the records per bit, weighted by the bit, add up to the events (as the widget's own count does).
const RUN_IN_PAGE = async ({ calls, warmup }: { calls: number; warmup: number }): Promise<InPage> => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const api = () =>
    (window as unknown as { crmInsights?: { track(name: string, props?: object): unknown } }).crmInsights;
  for (let waited = 0; !api() || Array.isArray(api()) || 'q' in (api() as object); waited += 20) {
    if (waited > 10_000) throw new Error('window.crmInsights never started');
    await sleep(20);
  }
  const insights = api()!;
  // One connection for all the counting, opened only once the widget has created the database (see below).
  let connection: Promise<IDBDatabase> | undefined;
  const open = () =>
    (connection ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('crm-insights');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    }));
  const count = async () => {
    const database = await open();
    const index = database.transaction('outbox').objectStore('outbox').index('by-count-bit');
    const perBit = Array.from({ length: 16 }, (_, bit) => {
      return new Promise<number>((resolve, reject) => {
        const request = index.count(bit);
        request.onsuccess = () => resolve(request.result * 2 ** bit);
        request.onerror = () => reject(request.error);
      });
    });
    return (await Promise.all(perBit)).reduce((sum, events) => sum + events, 0);
  };
  // The widget posts "queued" on this channel after each write: a count then sees the write's end at once, where
  // polling alone would see it up to one nap late.
  const channel = new BroadcastChannel('crm-insights:outbox');
  let written = false;
  let wake = () => undefined as void;
  channel.onmessage = () => {
    written = true;
    wake();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (written) resolve();
      written = false;
      setTimeout(resolve, ms);
    });
  // Waits until the outbox holds `target` events or has stopped growing for two seconds (a bounded outbox).
  const settle = async (target: number) => {
    let last = -1;
    let changed = performance.now();
    for (;;) {
      const now = await count();
      if (now >= target) return now;
      if (now !== last) [last, changed] = [now, performance.now()];
      else if (performance.now() - changed > 2000) return now;
      await nap(25);
    }
  };
  for (let index = 0; index < warmup; index++) insights.track('Bench Warmup', { index });
  // Opening a database that does not exist yet would create it empty and break the widget's own upgrade: wait for it.
  for (
    let waited = 0;
    !(await indexedDB.databases()).some((database) => database.name === 'crm-insights');
    waited += 20
  ) {
    if (waited > 10_000) throw new Error('the widget created no "crm-insights" database');
    await sleep(20);
  }
  const base = await settle(warmup);
  const durations = new Array<number>(calls);
  const started = performance.now();
  for (let index = 0; index < calls; index++) {
    const before = performance.now();
    insights.track('Bench Event', { index, plan: 'pro', value: index * 3, source: 'bench' });
    durations[index] = performance.now() - before;
  }
  const loopMs = performance.now() - started;
  const stored = (await settle(base + calls)) - base;
  const persistMs = performance.now() - started;
  (await open()).close();
  channel.close();
  return { durations, loopMs, persistMs, stored, isolated: crossOriginIsolated };
};

/**
 * Calls `track()` `calls` times on a page with the built widget, after `warmup` calls that let V8 optimise the path
 * (and are stored first), and counts what reached IndexedDB.
 */
export async function measureCapture(
  browser: Browser,
  server: BenchServer,
  calls = 20_000,
  warmup = 2000,
): Promise<CaptureResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/capture/`);
    const result = await page.evaluate(RUN_IN_PAGE, { calls, warmup });
    const micros = result.durations.map((ms) => ms * 1000);
    return {
      calls,
      trackP50Us: percentile(micros, 50),
      trackP99Us: percentile(micros, 99),
      trackMeanUs: (result.loopMs * 1000) / calls,
      // Chromium coarsens performance.now() to 5 µs in cross-origin isolated pages and 100 µs otherwise.
      clockResolutionUs: result.isolated ? 5 : 100,
      eventsPerSecond: result.stored / (result.persistMs / 1000),
      writeTailMs: result.persistMs - result.loopMs,
      stored: result.stored,
    };
  } finally {
    await context.close();
  }
}
