import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry-policy.ts';

const policy = { baseDelay: 1000, maxDelay: 60_000 };

describe('backoffDelay', () => {
  it.each([
    // failures, random, expected: half-jitter within [ceiling/2, ceiling]
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 1, 4000],
    [4, 0.5, 6000],
    [7, 1, 60_000],
    [50, 0, 30_000],
    [0, 1, 1000],
  ])('after %i failures with random %f waits %i ms', (failures, random, expected) => {
    expect(backoffDelay(failures, policy, () => random)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it.each<[string | null | undefined, number | undefined]>([
    ['45', 45_000],
    ['0', 0],
    [' 3 ', 3000],
    ['99999999', 60_000],
    ['Tue, 24 Nov 2026 12:00:30 GMT', 30_000],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 0],
    ['Wed, 25 Nov 2026 12:00:00 GMT', 60_000],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('reads %j as %j ms', (header, expected) => {
    expect(parseRetryAfter(header, now, 60_000)).toBe(expected);
  });
});
