import { describe, expect, it } from 'vitest';
import { createRequestLimit } from './request-limit.ts';

/** A limit on a clock the test moves, and the decisions for each `[key, at]`. */
function decide(requests: [string, number][], perKey = 2, overall = 3) {
  let at = 0;
  const limit = createRequestLimit({ perKey, overall, windowMs: 60_000, now: () => at });
  return requests.map(([key, time]) => {
    at = time;
    return limit.take(key);
  });
}

describe('createRequestLimit', () => {
  it.each<[string, [string, number][], unknown[]]>([
    [
      'allows up to the per-key budget',
      [
        ['a', 0],
        ['a', 1],
      ],
      [{ ok: true }, { ok: true }],
    ],
    [
      'refuses the next one for the key until the oldest leaves the window',
      [
        ['a', 0],
        ['a', 10_000],
        ['a', 20_000],
        ['a', 60_000],
      ],
      [{ ok: true }, { ok: true }, { ok: false, retryInMs: 40_000, exhausted: 'key' }, { ok: true }],
    ],
    [
      'a refused request does not count',
      [
        ['a', 0],
        ['a', 0],
        ['a', 1],
        ['a', 1],
        ['a', 60_000],
      ],
      [
        { ok: true },
        { ok: true },
        { ok: false, retryInMs: 59_999, exhausted: 'key' },
        { ok: false, retryInMs: 59_999, exhausted: 'key' },
        { ok: true },
      ],
    ],
    [
      'other keys share the overall budget',
      [
        ['a', 0],
        ['b', 0],
        ['c', 0],
        ['d', 5_000],
      ],
      [{ ok: true }, { ok: true }, { ok: true }, { ok: false, retryInMs: 55_000, exhausted: 'overall' }],
    ],
  ])('%s', (_name, requests, expected) => {
    expect(decide(requests)).toEqual(expected);
  });
});
