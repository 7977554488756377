import type { ApiProcessOnDataDir } from '../support/api-process.ts';
import type { BatchFeed } from './scale-feed.ts';
import { logScale } from './scale-log.ts';
import { readLoopDelay, resetLoopDelay } from './scale-process.ts';
import { callRead, scaleReads } from './scale-reads.ts';
import { sendFromFeed } from './scale-send.ts';
import type { ScaleSettings } from './scale-settings.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { heaviestRead, rateFigure, summarizeRead } from './scale-summary.ts';
import type { ReadCall } from './scale-summary.ts';
import { percentile } from './stats.ts';

/**
 * Times every read `readCalls` times while a steady ingest runs beside it; the ingest latencies and the
 * server's event-loop delay are filed under the read that was running.
 */
export async function timeReads(
  server: ApiProcessOnDataDir,
  feed: BatchFeed,
  settings: ScaleSettings,
  window: { since: number; until: number },
  result: ScaleStoreResult,
  trail: (after: string) => void,
): Promise<void> {
  let bucket: number[] = [];
  const signal = { stopped: false };
  // Paced across a few requests in flight, so one slow answer does not stop the steady rate.
  const background = sendFromFeed(server.origin, feed, {
    concurrency: 4,
    eventsPerSecond: settings.backgroundEventsPerSecond,
    stopBefore: () => false,
    signal,
    onLatency: (ms) => void bucket.push(ms),
  });
  try {
    for (const read of scaleReads(window, settings.experiment, settings.trendsSeries)) {
      logScale(`timing ${read.label}…`);
      bucket = [];
      await resetLoopDelay(server.child);
      const calls: ReadCall[] = [];
      for (let call = 0; call < settings.readCalls; call++) {
        calls.push(await callRead(server.origin, read.path));
        // A read that is not there (or refuses the question) answers the same every time.
        if (calls[0]!.status >= 400 && calls[0]!.status < 500) break;
      }
      const loop = await readLoopDelay(server.child);
      result.reads.push({
        ...summarizeRead(read, calls),
        ingestP99Ms: bucket.length ? percentile(bucket, 99) : undefined,
        ingestRequests: bucket.length,
        loopDelayMaxMs: loop.maxMs,
      });
      trail(read.id);
    }
  } finally {
    signal.stopped = true;
    result.background = rateFigure(await background);
  }
  result.heaviest = heaviestRead(result.reads)?.id;
}
