/**
 * Summary statistics for benchmark samples. Pure, so the bench and its unit tests share them.
 */

/** The p-th percentile (0–100) by nearest rank: always one of the samples, never an interpolated value. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0-100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The median: the middle sample, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `a / b`, or undefined when either side is missing or `b` is not positive (a ratio to nothing means nothing). */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return undefined;
  return a / b;
}

/**
 * Total blocking time: the part over 50 ms of every long task that starts at or after first contentful paint
 * (and before `until`), as Lighthouse defines it (https://web.dev/articles/tbt).
 */
export function totalBlockingTime(
  longTasks: readonly { startTime: number; duration: number }[],
  fcp: number,
  until = Infinity,
): number {
  let total = 0;
  for (const task of longTasks) {
    if (task.startTime >= fcp && task.startTime < until) total += Math.max(0, task.duration - 50);
  }
  return total;
}
