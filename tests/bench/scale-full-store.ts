import type { BatchFeed } from './scale-feed.ts';
import { logScale } from './scale-log.ts';
import { sendFromFeed } from './scale-send.ts';
import type { ScaleSettings } from './scale-settings.ts';
import { readStoreManifest, writeStoreManifest } from './scale-store.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { rateFigure } from './scale-summary.ts';
import { waitForProjection } from './wait-for-projection.ts';

/**
 * Once the history is in: waits for the projection to hold it (then marks a store kept in `loadedIn` as loaded, unless
 * its load was cut short), times ingest on the full store, and waits for the projection to take in that probe.
 */
export async function measureFullStore(
  origin: string,
  feed: BatchFeed,
  settings: ScaleSettings,
  result: ScaleStoreResult,
  trail: (after: string) => void,
  loadedIn?: string,
): Promise<void> {
  result.projection = await waitForProjection(origin, settings.engineStatusPath);
  trail('projection caught up');
  if (loadedIn && !result.loadCutShort)
    writeStoreManifest(loadedIn, { ...readStoreManifest(loadedIn)!, loadedAt: new Date().toISOString() });
  logScale('ingest on the full store…');
  result.ingestEnd = rateFigure(
    await sendFromFeed(origin, feed, {
      concurrency: settings.concurrency,
      stopBefore: (_, sent) => sent.events >= settings.probeEvents,
    }),
  );
  trail('full-store probe');
  logScale('waiting for the projection to take in the probe…');
  result.projectionAfterProbe = await waitForProjection(origin, settings.engineStatusPath);
  trail('projection took in the probe');
}
