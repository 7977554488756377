import { HOUR_MS, STATE_KEYS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { overviewQuery } from './overview.ts';
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
   * The projector's state as the projector knows it (no query; its appended and folded watermarks): when it or the
   * hour changes, the overview is computed again. An idle engine thus runs no query for the cache (and a DuckDB
   * query still running when the worker thread ends takes the process down with it).
   */
  moved: () => string;
  /** The worker's clock: the kept answer is for its current hour. */
  clock?: () => number;
}

/** An answer for one hour at one projection state; `generation` counts invalidations. */
interface Kept {
  hour: number;
  state: string;
  generation: number;
  answer: Promise<OverviewAnswer>;
}

/**
 * The overview kept computed for the current hour on a connection of its own (`db`): every `pollMs` it looks at
 * the projector's watermarks (`moved`) and, when the projector has committed since, computes the overview again in
 * the background, so that a read finds it ready. Every figure of the overview depends on `now` only through its hour, day and week
 * (all whole hours), so the kept answer with the read's `now` is exactly what computing it would give, as long as
 * the watermarks are the ones it was computed at: a read looks at them first and computes when they moved
 * (or waits for the computation under way for them). Costs one overview computation per projector
 * commit at most, nothing while no events arrive.
 */
export function createOverviewCache(
  db: AnalyticsDb,
  { pollMs, moved, clock = Date.now }: OverviewCacheOptions,
): OverviewCache {
  let kept: Kept | undefined;
  let seen: { state: string; hour: number } | undefined;
  let generation = 0;
  let stopped = false;
  let watching: Promise<void> | undefined;
  const matches = (entry: Kept | undefined, hour: number, state: string): entry is Kept =>
    entry !== undefined && entry.hour === hour && entry.state === state && entry.generation === generation;
  /** Computes for `now` on `on` and keeps it; a failed computation is forgotten, so the next read tries again. */
  const compute = (on: AnalyticsDb, now: number, state: string): Kept => {
    const entry: Kept = { hour: Math.floor(now / HOUR_MS), state, generation, answer: overviewQuery(on, { now }) };
    kept = entry;
    entry.answer.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return entry;
  };
  const refresh = async () => {
    const now = clock();
    const state = await projectionState(db);
    if (!stopped && !matches(kept, Math.floor(now / HOUR_MS), state)) await compute(db, now, state).answer;
  };
  const timer = setInterval(() => {
    const now = { state: moved(), hour: Math.floor(clock() / HOUR_MS) };
    if (watching || stopped || (now.state === seen?.state && now.hour === seen.hour)) return;
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
      const state = await projectionState(on);
      const entry = kept;
      if (matches(entry, hour, state)) {
        try {
          return { ...(await entry.answer), now };
        } catch {
          // Another read's computation was stopped (its time limit): this read computes its own.
        }
      }
      return { ...(await compute(on, now, state).answer), now };
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

/** The projection's appended and folded watermarks, as `moved` gives them: what the overview's figures depend on. */
async function projectionState(db: AnalyticsDb): Promise<string> {
  const [row] = await db.all<{ appended: number | null; folded: number | null }>(
    'SELECT (SELECT value FROM projection_state WHERE key = ?) AS appended, (SELECT max(watermark) FROM rollup_state) AS folded',
    [STATE_KEYS.watermark],
  );
  return `${row?.appended ?? 0}/${row?.folded ?? row?.appended ?? 0}`;
}
