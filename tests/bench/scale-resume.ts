import type { ScaleSettings } from './scale-settings.ts';
import { readStoreManifest, writeStoreManifest } from './scale-store.ts';
import type { ScaleStoreManifest } from './scale-store.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';

/** Requests that may still have been in flight when a load was cut short, in events: sent again (ids dedupe them). */
const resendMargin = (settings: ScaleSettings) => settings.concurrency * settings.batchSize * 2;

/** Where the generator starts: 0, or a little before where a load cut short had got to. */
export function resumeAt(kept: ScaleStoreManifest | undefined, settings: ScaleSettings): number {
  return Math.max(0, (kept?.historySent ?? 0) - resendMargin(settings));
}

/** Where this run's traffic starts: after earlier runs' live events on a loaded store, else where the load resumes. */
export function feedStart(kept: ScaleStoreManifest | undefined, settings: ScaleSettings): number {
  return kept?.loadedAt ? settings.events + kept.liveSent : resumeAt(kept, settings);
}

/**
 * The events this run sent after the history (the full-store probe and the steady ingest): on a loaded store they
 * are live traffic the next run starts after; on a store whose load was cut short they were more of the history.
 */
export function recordAfterLoad(dir: string, result: ScaleStoreResult): void {
  const manifest = readStoreManifest(dir);
  const sent = (result.ingestEnd?.events ?? 0) + (result.background?.events ?? 0);
  const accepted = (result.ingestEnd?.accepted ?? 0) + (result.background?.accepted ?? 0);
  if (!manifest || !sent) return;
  if (manifest.loadedAt) writeStoreManifest(dir, { ...manifest, liveSent: manifest.liveSent + sent });
  else
    writeStoreManifest(dir, {
      ...manifest,
      historySent: (manifest.historySent ?? 0) + sent,
      historyEvents: manifest.historyEvents + accepted,
    });
}
