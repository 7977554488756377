/** How many requests one key and client may make: a bucket of `burst` refilled at `perMinute`. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/** What the limiter decided for one request. */
export type RateDecision = { allowed: true; sampleRate: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Token buckets per key-and-client. Memory stays bounded: buckets that have refilled completely carry no
 * information and are dropped when the map grows past `maxBuckets`.
 */
export function createRateLimiter(
  limit: RateLimit,
  now: () => number = Date.now,
  maxBuckets = 10_000,
): (bucketKey: string) => RateDecision {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perMinute / 60_000;
  const refill = (bucket: { tokens: number; at: number }, time: number) =>
    Math.min(limit.burst, bucket.tokens + (time - bucket.at) * perMs);
  return (bucketKey) => {
    const time = now();
    if (buckets.size > maxBuckets) {
      for (const [key, bucket] of buckets) if (refill(bucket, time) >= limit.burst) buckets.delete(key);
    }
    const bucket = buckets.get(bucketKey) ?? { tokens: limit.burst, at: time };
    bucket.tokens = refill(bucket, time);
    bucket.at = time;
    buckets.set(bucketKey, bucket);
    if (bucket.tokens < 1)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    bucket.tokens -= 1;
    return { allowed: true, sampleRate: samplingHint(bucket.tokens / limit.burst) };
  };
}

/**
 * The share of new events a client should keep, from how full its bucket still is: all of them while more
 * than half is left, then less in proportion, never under 10% so some signal always arrives (backpressure
 * before the hard 429).
 */
export function samplingHint(fill: number): number {
  if (fill >= 0.5) return 1;
  return Math.max(0.1, Math.round(fill * 2 * 100) / 100);
}
