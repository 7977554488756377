import { HOUR_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { overviewQuery, projectionWatermark } from './overview.ts';
import type { OverviewAnswer, OverviewParams } from './overview.ts';

/** The overview as the engine's worker serves it: kept computed, and recomputed when the projection moves. */
export interface OverviewCache {
  /** The `overview` read: the kept answer when it is for the same hour and projection state, else computed. */
  read(db: AnalyticsDb, params: OverviewParams): Promise<OverviewAnswer>;
  /** Forgets the kept answer: the projection changed without moving its watermark (a retention purge). */
  invalidate(): void;
  /** Stops watching and waits for a computation under way (before the DuckDB instance closes). */
  stop(): Promise<void>;
}

/** How the cache watches the projection. */
export interface OverviewCacheOptions {
  /** How often it looks at `moved`. */
  pollMs: number;
  /**
   * The projector's watermark as the projector knows it (no query): when it or the hour changes, the overview is
   * computed again. An idle engine thus runs no query for the cache (and a DuckDB query still running when the
   * worker thread ends takes the process down with it).
   */
  moved: () => number;
  /** The worker's clock: the kept answer is for its current hour. */
  clock?: () => number;
}

/** An answer for one hour at one projection state; `generation` counts invalidations. */
interface Kept {
  hour: number;
  watermark: number;
  generation: number;
  answer: Promise<OverviewAnswer>;
}

/**
 * The overview kept computed for the current hour on a connection of its own (`db`): every `pollMs` it looks at
 * the projector's watermark (`moved`) and, when the projector has committed since, computes the overview again in
 * the background, so that a read finds it ready. Every figure of the overview depends on `now` only through its hour, day and week
 * (all whole hours), so the kept answer with the read's `now` is exactly what computing it would give, as long as
 * the watermark is the one it was computed at: a read looks at the watermark first and computes when it moved
 * (or waits for the computation under way for that watermark). Costs one overview computation per projector
 * commit at most, nothing while no events arrive.
 */
export function createOverviewCache(
  db: AnalyticsDb,
  { pollMs, moved, clock = Date.now }: OverviewCacheOptions,
): OverviewCache {
  let kept: Kept | undefined;
  let seen: { watermark: number; hour: number } | undefined;
  let generation = 0;
  let stopped = false;
  let watching: Promise<void> | undefined;
  const matches = (entry: Kept | undefined, hour: number, watermark: number): entry is Kept =>
    entry !== undefined && entry.hour === hour && entry.watermark === watermark && entry.generation === generation;
  /** Computes for `now` on `on` and keeps it; a failed computation is forgotten, so the next read tries again. */
  const compute = (on: AnalyticsDb, now: number, watermark: number): Kept => {
    const entry: Kept = { hour: Math.floor(now / HOUR_MS), watermark, generation, answer: overviewQuery(on, { now }) };
    kept = entry;
    entry.answer.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return entry;
  };
  const refresh = async () => {
    const now = clock();
    const watermark = await projectionWatermark(db);
    if (!stopped && !matches(kept, Math.floor(now / HOUR_MS), watermark)) await compute(db, now, watermark).answer;
  };
  const timer = setInterval(() => {
    const now = { watermark: moved(), hour: Math.floor(clock() / HOUR_MS) };
    if (watching || stopped || (now.watermark === seen?.watermark && now.hour === seen.hour)) return;
    seen = now;
    watching = refresh()
      .catch((error: unknown) =>
        console.error(
          `[crm-insights] keeping the analytics overview computed failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => (watching = undefined));
  }, pollMs);
  timer.unref?.();
  return {
    async read(on, { now }) {
      const hour = Math.floor(now / HOUR_MS);
      const watermark = await projectionWatermark(on);
      const entry = kept;
      if (matches(entry, hour, watermark)) {
        try {
          return { ...(await entry.answer), now };
        } catch {
          // Another read's computation was stopped (its time limit): this read computes its own.
        }
      }
      return { ...(await compute(on, now, watermark).answer), now };
    },
    invalidate() {
      generation++;
      kept = undefined;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await watching;
    },
  };
}
