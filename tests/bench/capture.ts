import type { Browser } from 'playwright-core';
import type { BenchServer } from './bench-server.ts';
import { captureScript } from './capture-script.ts';
import type { InPage } from './capture-script.ts';
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
    const result: InPage = await page.evaluate(captureScript({ calls, warmup }));
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
