import { hash } from './hash.ts';
import type { BucketRange, Namespace } from './types.ts';

/** `n` equal weights summing to 1. */
export function equalWeights(count: number): number[] {
  return count > 0 ? new Array<number>(count).fill(1 / count) : [];
}

/** Whether `n` lies in the half-open range. */
export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1];
}

/**
 * The hash ranges of each variation: weights laid end to end, each shrunk to `coverage` of its width, so raising
 * coverage later only adds users and never moves one between variations. Invalid weights (wrong count, not
 * summing to 1 ± 0.01) fall back to equal weights, as in GrowthBook; the server's config validation rejects them.
 */
export function bucketRanges(count: number, coverage = 1, weights?: readonly number[]): BucketRange[] {
  const clamped = Math.min(1, Math.max(0, coverage));
  let used: readonly number[] = weights ?? equalWeights(count);
  if (used.length !== count) used = equalWeights(count);
  const total = used.reduce((sum, weight) => sum + weight, 0);
  if (total < 0.99 || total > 1.01) used = equalWeights(count);
  let cumulative = 0;
  return used.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + clamped * weight];
  });
}

/** The index of the range `n` falls in, or -1 when it falls in none (outside coverage). */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  return ranges.findIndex((range) => inRange(n, range));
}

/** Whether a user is in a namespace's slice; GrowthBook hashes namespaces with version 1 and seed `__<id>`. */
export function inNamespace(hashValue: string, namespace: Namespace): boolean {
  const n = hash(`__${namespace[0]}`, hashValue, 1);
  return n !== null && n >= namespace[1] && n < namespace[2];
}
