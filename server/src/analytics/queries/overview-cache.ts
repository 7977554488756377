import type { AnalyticsDb } from './analytics-db.ts';
import { createKeptOverview, hourOf } from './kept-overview.ts';
import type { KeptOverview } from './kept-overview.ts';
import { foldedWatermark, overviewQuery } from './overview.ts';
import type { OverviewAnswer, OverviewParams } from './overview.ts';
import { createOverviewRefresh, watchHour } from './overview-refresh.ts';
import type { OverviewRefresh } from './overview-refresh.ts';

/** The overview as the engine's worker serves it: kept computed, and recomputed by its owner after every change. */
export interface OverviewCache {
  /** The `overview` read: the newest kept answer for the same hour when there is one, else computed. */
  read(db: AnalyticsDb, params: OverviewParams): Promise<OverviewAnswer>;
  /**
   * Computes the overview again for the projection as it now is, unless the kept answer is already for it; never
   * fails.
   */
  refresh(): Promise<void>;
  /** Forgets the kept answer and computes it again: the projection changed without moving its watermark (a purge). */
  invalidate(): void;
  /** Stops watching the hour and waits for a computation under way (before the DuckDB instance closes). */
  stop(): Promise<void>;
}

/** How often the cache looks at the hour, and by which clock. */
export interface OverviewCacheOptions {
  /** How often it looks at the hour (a new hour is computed again without waiting for a change). */
  pollMs: number;
  /** The worker's clock: the kept answer is for its current hour. */
  clock?: () => number;
}

/**
 * The overview kept computed for the current hour on a connection of its own (`db`), so that a read finds it ready.
 * Every figure of the overview depends on `now` only through its hour, day and week (all whole hours), so a kept
 * answer with the read's `now` is exactly what computing it at the same rollup watermark would give. The owner calls
 * `refresh` after every change it makes (the engine: after every fold); a read is served the newest answer computed
 * for its hour, at most one refresh behind the projection (it says which watermark it is at), and computes only when
 * there is none. An idle engine thus runs no query for the cache.
 */
export function createOverviewCache(
  db: AnalyticsDb,
  { pollMs, clock = Date.now }: OverviewCacheOptions,
): OverviewCache {
  const kept = createKeptOverview();
  let stopped = false;
  const isStopped = () => stopped;
  const refreshes = createOverviewRefresh({ db, kept, clock, isStopped });
  const watch = watchHour(() => refreshes.run(), { pollMs, clock, isStopped });
  return {
    read: (on, params) => readOverview(on, params, { kept, refreshes, clock }),
    refresh: () => (stopped ? Promise.resolve() : refreshes.run()),
    invalidate() {
      kept.invalidate();
      // Computed again at once rather than by the first read (the next fold may be far off).
      if (!stopped) void refreshes.run();
    },
    async stop() {
      stopped = true;
      await Promise.all([watch.stop(), refreshes.last()]);
    },
  };
}

/** What a read is served from. */
interface ReadParts {
  kept: KeptOverview;
  refreshes: OverviewRefresh;
  clock: () => number;
}

/** The `overview` read on `on`: the newest kept answer for its hour when there is one, else computed and kept. */
async function readOverview(
  on: AnalyticsDb,
  { now }: OverviewParams,
  { kept, refreshes, clock }: ReadParts,
): Promise<OverviewAnswer> {
  const hour = hourOf(now);
  // Another hour than the clock's (a test's or a client's clock): computed, and not kept in place of the hour's.
  if (hour !== hourOf(clock())) return overviewQuery(on, { now });
  let entry = kept.newest(hour);
  // Nothing for this hour yet but a refresh on its way (at the start, after a purge): its answer, not another.
  if (!entry && refreshes.pending()) {
    await refreshes.last();
    entry = kept.newest(hour);
  }
  if (entry) {
    try {
      return { ...(await entry.answer), now };
    } catch {
      // Another read's computation was stopped (its time limit): this read computes its own.
    }
  }
  return { ...(await kept.compute(on, now, await foldedWatermark(on)).answer), now };
}
