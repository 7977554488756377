import { HOUR_MS, STATE_KEYS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { overviewQuery } from './overview.ts';
import type { OverviewAnswer, OverviewParams } from './overview.ts';

/** The overview as the engine's worker serves it: kept computed, and recomputed when the projection moves. */
export interface OverviewCache {
  /** The `overview` read: a kept answer for the same hour when there is one that may be served, else computed. */
  read(db: AnalyticsDb, params: OverviewParams): Promise<OverviewAnswer>;
  /** Computes the overview again for the projection as it now is, unless the kept answer is already for it; never fails. */
  refresh(): Promise<void>;
  /** Forgets the kept answer: the projection changed without moving its watermark (a retention purge). */
  invalidate(): void;
  /** Stops watching and waits for a computation under way (before the DuckDB instance closes). */
  stop(): Promise<void>;
}

/** How the cache learns that the projection moved, and so what a read may be served. */
export interface OverviewCacheOptions {
  /** How often it looks at `moved` and at the hour. */
  pollMs: number;
  /**
   * The projector's state as the projector knows it (no query; its appended and folded watermarks): when it or the
   * hour changes, the overview is computed again, and a read is served only an answer computed at the projection's
   * state as the read finds it (computing it when it is not ready). An idle engine thus runs no query for the cache
   * (and a DuckDB query still running when the worker thread ends takes the process down with it).
   *
   * Without it the owner calls `refresh` after every change it makes (the engine: after every fold), the cache
   * watches the hour only, and a read is served the newest answer computed for its hour as it is, at most one
   * refresh behind the projection (it says which watermark it is at); it computes only when there is none.
   */
  moved?: () => string;
  /** The worker's clock: the kept answer is for its current hour. */
  clock?: () => number;
}

/** An answer for one hour at one projection state; `generation` counts invalidations, `order` computations. */
interface Kept {
  order: number;
  hour: number;
  state: string;
  generation: number;
  answer: Promise<OverviewAnswer>;
}

/**
 * The overview kept computed for the current hour on a connection of its own (`db`), so that a read finds it ready.
 * Every figure of the overview depends on `now` only through its hour, day and week (all whole hours), so a kept
 * answer with the read's `now` is exactly what computing it at the same projection state would give. With `moved`
 * it is recomputed in the background every time the projector's watermarks move and a read insists on the state it
 * finds (computing, or waiting for the computation under way, when the kept answer is older); without, the owner
 * recomputes it (`refresh`) and a read never waits for a newer state. See `OverviewCacheOptions.moved`.
 */
export function createOverviewCache(
  db: AnalyticsDb,
  { pollMs, moved, clock = Date.now }: OverviewCacheOptions,
): OverviewCache {
  let kept: Kept | undefined;
  // The newest kept answer whose computation has ended (`kept` may still be computing).
  let ready: { entry: Kept; answer: OverviewAnswer } | undefined;
  let seen: { state: string; hour: number } | undefined;
  let generation = 0;
  let computations = 0;
  let stopped = false;
  let watching: Promise<void> | undefined;
  const current = (entry: Kept | undefined, hour: number): entry is Kept =>
    entry !== undefined && entry.hour === hour && entry.generation === generation;
  const matches = (entry: Kept | undefined, hour: number, state: string): entry is Kept =>
    current(entry, hour) && entry.state === state;
  /** Computes for `now` on `on` and keeps it; a failed computation is forgotten, so the next read tries again. */
  const compute = (on: AnalyticsDb, now: number, state: string): Kept => {
    const entry: Kept = {
      order: ++computations,
      hour: Math.floor(now / HOUR_MS),
      state,
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
      const state = await projectionState(db);
      if (stopped) return;
      // A computation already under way for this state (a read's) is waited for: what comes after sees it.
      const entry = kept;
      await (matches(entry, Math.floor(now / HOUR_MS), state) ? entry : compute(db, now, state)).answer;
    } catch (error) {
      console.error(
        `[crm-insights] keeping the analytics overview computed failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const timer = setInterval(() => {
    const now = { state: moved?.() ?? '', hour: Math.floor(clock() / HOUR_MS) };
    if (watching || stopped || (now.state === seen?.state && now.hour === seen.hour)) return;
    seen = now;
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
      const hour = Math.floor(now / HOUR_MS);
      // Another hour than the clock's (a test's or a client's clock): computed, and not kept in place of the hour's.
      if (hour !== Math.floor(clock() / HOUR_MS)) return overviewQuery(on, { now });
      const state = moved ? await projectionState(on) : undefined;
      let entry = state === undefined ? newest(hour) : matches(kept, hour, state) ? kept : undefined;
      // Nothing for this hour yet but a refresh on its way (at the start, after a purge): its answer, not another.
      if (!entry && state === undefined && queued) {
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
      return { ...(await compute(on, now, state ?? (await projectionState(on))).answer), now };
    },
    refresh: () => (stopped ? Promise.resolve() : refresh()),
    invalidate() {
      generation++;
      kept = undefined;
      ready = undefined;
      // Without `moved`, computed again at once rather than by the first read (the next fold may be far off).
      if (!moved && !stopped) void refresh();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([watching, refreshing]);
    },
  };
}

/** The projection's appended and folded watermarks, as `moved` gives them: what the overview's figures depend on. */
async function projectionState(db: AnalyticsDb): Promise<string> {
  const [row] = await db.all<{ appended: number | null; folded: number | null }>(
    'SELECT (SELECT value FROM projection_state WHERE key = ?) AS appended, (SELECT max(watermark) FROM rollup_state) AS folded',
    [STATE_KEYS.watermark],
  );
  return `${row?.appended ?? 0}/${row?.folded ?? row?.appended ?? 0}`;
}
