/**
 * The rollup buckets of size `size` (ms) that stand for the window [since, until): those starting in it, so two
 * adjacent windows never share a bucket, and the bucket now filling (it starts before `until`) counts.
 */
export function bucketRange(since: number, until: number, size: number): [first: number, end: number] {
  return [Math.ceil(since / size), Math.ceil(until / size)];
}
