import type { AnalyticsDb } from './analytics-db.ts';
import { hourOf } from './kept-overview.ts';
import type { KeptOverview } from './kept-overview.ts';
import { foldedWatermark } from './overview.ts';

/** One refresh at a time on `db` (the timer's and the owner's), each after the one before. */
export interface OverviewRefresh {
  /** Queues a refresh after the one before; it never fails. */
  run(): Promise<void>;
  /** Whether a refresh is queued or under way. */
  pending(): boolean;
  /** The refresh queued last (settled when every refresh before it has). */
  last(): Promise<void>;
}

/** What a refresh computes on and keeps into. */
interface RefreshParts {
  db: AnalyticsDb;
  kept: KeptOverview;
  clock: () => number;
  isStopped: () => boolean;
}

/** Refreshes of the kept overview on `db`, queued one after another. */
export function createOverviewRefresh(parts: RefreshParts): OverviewRefresh {
  let refreshing: Promise<void> = Promise.resolve();
  let queued = 0;
  return {
    run() {
      queued++;
      refreshing = refreshing.then(() => renew(parts)).finally(() => queued--);
      return refreshing;
    },
    pending: () => queued > 0,
    last: () => refreshing,
  };
}

/** Computes the overview for the projection as it now is, unless the kept answer is already for it; never fails. */
async function renew({ db, kept, clock, isStopped }: RefreshParts): Promise<void> {
  try {
    const now = clock();
    const watermark = await foldedWatermark(db);
    if (isStopped()) return;
    // A computation already under way at this watermark (a read's) is waited for: what comes after sees it.
    await (kept.lastFor(hourOf(now), watermark) ?? kept.compute(db, now, watermark)).answer;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[crm-insights] keeping the analytics overview computed failed: ${message}`);
  }
}

/** How often the watch looks at the hour, by which clock, and whether the cache has stopped. */
interface HourWatchOptions {
  pollMs: number;
  clock: () => number;
  isStopped: () => boolean;
}

/**
 * Refreshes when the clock enters a new hour, without waiting for a change; `stop` ends the watch and hands back
 * the refresh it started, while that is under way.
 */
export function watchHour(
  refresh: () => Promise<void>,
  { pollMs, clock, isStopped }: HourWatchOptions,
): { stop(): Promise<void> | undefined } {
  let seenHour: number | undefined;
  let watching: Promise<void> | undefined;
  const timer = setInterval(() => {
    const hour = hourOf(clock());
    if (watching || isStopped() || hour === seenHour) return;
    seenHour = hour;
    watching = refresh().finally(() => (watching = undefined));
  }, pollMs);
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      return watching;
    },
  };
}
