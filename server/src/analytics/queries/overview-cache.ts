import { HOUR_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { foldedWatermark, overviewQuery } from './overview.ts';
import type { OverviewAnswer, OverviewParams } from './overview.ts';

/** The overview as the engine's worker serves it: kept computed, and recomputed by its owner after every change. */
export interface OverviewCache {
  /** The `overview` read: the newest kept answer for the same hour when there is one, else computed. */
  read(db: AnalyticsDb, params: OverviewParams): Promise<OverviewAnswer>;
  /** Computes the overview again for the projection as it now is, unless the kept answer is already for it; never fails. */
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

/** An answer for one hour at one rollup watermark (what every figure is as of); `generation` counts invalidations, `order` computations. */
interface Kept {
  order: number;
  hour: number;
  watermark: number;
  generation: number;
  answer: Promise<OverviewAnswer>;
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
  let kept: Kept | undefined;
  // The newest kept answer whose computation has ended (`kept` may still be computing).
  let ready: { entry: Kept; answer: OverviewAnswer } | undefined;
  let seenHour: number | undefined;
  let generation = 0;
  let computations = 0;
  let stopped = false;
  let watching: Promise<void> | undefined;
  const hourOf = (now: number) => Math.floor(now / HOUR_MS);
  const current = (entry: Kept | undefined, hour: number): entry is Kept =>
    entry !== undefined && entry.hour === hour && entry.generation === generation;
  /** Computes for `now` on `on` and keeps it; a failed computation is forgotten, so the next read tries again. */
  const compute = (on: AnalyticsDb, now: number, watermark: number): Kept => {
    const entry: Kept = {
      order: ++computations,
      hour: hourOf(now),
      watermark,
      generation,
      answer: overviewQuery(on, { now }),
    };
    kept = entry;
    entry.answer.then(
      (answer) => {
        if (entry.generation === generation && entry.order > (ready?.entry.order ?? 0)) ready = { entry, answer };
      },
      () => {
        if (kept === entry) kept = undefined;
      },
    );
    return entry;
  };
  /** One refresh at a time on `db` (the timer's and the owner's), each after the one before. */
  let refreshing: Promise<void> = Promise.resolve();
  let queued = 0;
  const refresh = (): Promise<void> => {
    queued++;
    refreshing = refreshing.then(renew).finally(() => queued--);
    return refreshing;
  };
  const renew = async () => {
    try {
      const now = clock();
      const watermark = await foldedWatermark(db);
      if (stopped) return;
      // A computation already under way at this watermark (a read's) is waited for: what comes after sees it.
      const entry = kept;
      const same = current(entry, hourOf(now)) && entry.watermark === watermark;
      await (same ? entry : compute(db, now, watermark)).answer;
    } catch (error) {
      console.error(
        `[crm-insights] keeping the analytics overview computed failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const timer = setInterval(() => {
    const hour = hourOf(clock());
    if (watching || stopped || hour === seenHour) return;
    seenHour = hour;
    watching = refresh().finally(() => (watching = undefined));
  }, pollMs);
  timer.unref?.();
  /** The newest answer computed for `hour` (or, before there is one, the computation under way for it). */
  const newest = (hour: number): Kept | undefined => {
    if (ready && current(ready.entry, hour)) return ready.entry;
    return current(kept, hour) ? kept : undefined;
  };
  return {
    async read(on, { now }) {
      const hour = hourOf(now);
      // Another hour than the clock's (a test's or a client's clock): computed, and not kept in place of the hour's.
      if (hour !== hourOf(clock())) return overviewQuery(on, { now });
      let entry = newest(hour);
      // Nothing for this hour yet but a refresh on its way (at the start, after a purge): its answer, not another.
      if (!entry && queued) {
        await refreshing;
        entry = newest(hour);
      }
      if (entry) {
        try {
          return { ...(await entry.answer), now };
        } catch {
          // Another read's computation was stopped (its time limit): this read computes its own.
        }
      }
      return { ...(await compute(on, now, await foldedWatermark(on)).answer), now };
    },
    refresh: () => (stopped ? Promise.resolve() : refresh()),
    invalidate() {
      generation++;
      kept = undefined;
      ready = undefined;
      // Computed again at once rather than by the first read (the next fold may be far off).
      if (!stopped) void refresh();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([watching, refreshing]);
    },
  };
}
