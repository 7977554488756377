import { describe, expect, it } from 'vitest';
import { createRateLimiter, samplingHint } from './rate-limiter.ts';

describe('samplingHint', () => {
  it.each([
    [1, 1],
    [0.5, 1],
    [0.49, 0.98],
    [0.25, 0.5],
    [0.04, 0.1],
    [0, 0.1],
  ])('keeps %s of the bucket → sample rate %s', (fill, rate) => {
    expect(samplingHint(fill)).toBe(rate);
  });
});

describe('createRateLimiter', () => {
  it('refuses past the burst, refills with time, and keeps keys apart', () => {
    let now = 0;
    const limit = createRateLimiter({ perMinute: 60, burst: 2 }, () => now);
    expect(limit('a').allowed).toBe(true);
    expect(limit('a').allowed).toBe(true);
    expect(limit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limit('b').allowed).toBe(true);
    now = 1000;
    expect(limit('a').allowed).toBe(true);
    expect(limit('a').allowed).toBe(false);
  });

  it('forgets full buckets once it holds too many', () => {
    let now = 0;
    const limit = createRateLimiter({ perMinute: 60, burst: 1 }, () => now, 2);
    for (const key of ['a', 'b', 'c']) limit(key);
    now = 10_000;
    // Over the bound: every bucket has refilled, so all are dropped and 'a' starts full again.
    expect(limit('d').allowed).toBe(true);
    expect(limit('a').allowed).toBe(true);
  });
});
