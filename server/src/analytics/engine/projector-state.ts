/** Where the projector stands: what its passes, folds and rewinds move as they go, and what `state()` reports. */
export interface ProjectorFigures {
  watermark: number;
  /** The last record position the rollups have folded in (equal to `watermark` when they are level). */
  rollupWatermark: number;
  /** Record rows that could not be projected. */
  skipped: number;
  /**
   * Every row committed to the record before `levelAt` is in the projection: the time of the last read of the
   * record that came back empty.
   */
  levelAt: number;
  /** The last background pass and fold, in ms (what a pass costs at the store's size). */
  lastPassMs?: number;
  lastFoldMs?: number;
  lastError?: string;
}

/** How long callers of `sync` waited (the reads, before they run), over the last `WAITS_KEPT` calls, in ms. */
export interface WaitFigures {
  count: number;
  lastMs: number;
  p50Ms: number;
  maxMs: number;
}

/** What the projector reports about itself. */
export interface ProjectorState {
  watermark: number;
  /** The last record position the rollups have folded in (equal to `watermark` when they are level). */
  rollupWatermark: number;
  lagMs: number;
  skipped: number;
  /** The last background pass and fold, in ms (what a pass costs at the store's size). */
  lastPassMs?: number;
  lastFoldMs?: number;
  readWaits: WaitFigures;
  lastError?: string;
}

/** The figures as `state()` reports them: how far behind the record (from `createdAt` until first level). */
export function reportState(
  figures: ProjectorFigures,
  readWaits: WaitFigures,
  createdAt: number,
  now: () => number,
): ProjectorState {
  const { watermark, rollupWatermark, levelAt, skipped, lastPassMs, lastFoldMs, lastError } = figures;
  return {
    watermark,
    rollupWatermark,
    lagMs: levelAt ? now() - levelAt : now() - createdAt,
    skipped,
    ...(lastPassMs === undefined ? {} : { lastPassMs }),
    ...(lastFoldMs === undefined ? {} : { lastFoldMs }),
    readWaits,
    ...(lastError ? { lastError } : {}),
  };
}
