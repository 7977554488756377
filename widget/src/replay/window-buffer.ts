/** A run of rrweb events that starts with a full snapshot (a checkout), so it plays back on its own. */
export interface Segment<T> {
  startedAt: number;
  events: T[];
}

/**
 * Drops segments older than the window while keeping the window covered: the oldest segment kept is the newest
 * one that started at or before `now - windowMs`, so the kept events always begin with a full snapshot and span
 * at least the window (with checkouts every half window, at most three segments are kept).
 */
export function trimToWindow<T>(segments: readonly Segment<T>[], now: number, windowMs: number): Segment<T>[] {
  let first = 0;
  while (first + 1 < segments.length && segments[first + 1]!.startedAt <= now - windowMs) first++;
  return segments.slice(first);
}
