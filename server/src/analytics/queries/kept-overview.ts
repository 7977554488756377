import { HOUR_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { overviewQuery } from './overview.ts';
import type { OverviewAnswer } from './overview.ts';

/**
 * An answer for one hour at one rollup watermark (what every figure is as of); `generation` counts invalidations,
 * `order` computations.
 */
interface Kept {
  order: number;
  hour: number;
  watermark: number;
  generation: number;
  answer: Promise<OverviewAnswer>;
}

/** The overview cache's answers: the one computed last (perhaps still computing) and the newest that has ended. */
export interface KeptOverview {
  /** Computes for `now` on `on` and keeps it; a failed computation is forgotten, so the next read tries again. */
  compute(on: AnalyticsDb, now: number, watermark: number): Kept;
  /** The newest answer computed for `hour` (or, before there is one, the computation under way for it). */
  newest(hour: number): Kept | undefined;
  /** The answer computed last (perhaps still computing) when it is for `hour` at `watermark`. */
  lastFor(hour: number, watermark: number): Kept | undefined;
  /** Forgets every kept answer: the projection changed without moving its watermark (a purge). */
  invalidate(): void;
}

/** The hour `now` falls in: an answer is kept for one hour. */
export function hourOf(now: number): number {
  return Math.floor(now / HOUR_MS);
}

/** Kept overview answers, current until the hour changes or they are invalidated. */
export function createKeptOverview(): KeptOverview {
  let kept: Kept | undefined;
  // The newest kept answer whose computation has ended (`kept` may still be computing).
  let ready: { entry: Kept; answer: OverviewAnswer } | undefined;
  let generation = 0;
  let computations = 0;
  const current = (entry: Kept | undefined, hour: number): entry is Kept =>
    entry !== undefined && entry.hour === hour && entry.generation === generation;
  return {
    compute(on, now, watermark) {
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
    },
    newest(hour) {
      if (ready && current(ready.entry, hour)) return ready.entry;
      return current(kept, hour) ? kept : undefined;
    },
    lastFor(hour, watermark) {
      return current(kept, hour) && kept.watermark === watermark ? kept : undefined;
    },
    invalidate() {
      generation++;
      kept = undefined;
      ready = undefined;
    },
  };
}
