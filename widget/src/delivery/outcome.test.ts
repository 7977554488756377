import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../database.ts';
import { INITIAL_RETRY_STATE, outcome, resumed, shedsEvent, syncRecord } from './outcome.ts';
import type { Outcome, OutcomeContext, RetryState } from './outcome.ts';
import { PRIORITY } from './priority.ts';
import type { SendResult } from './sender.ts';

/** A batch of `count` items with ids a, b, c… */
function batchOf(count: number): OutboxItem[] {
  return Array.from({ length: count }, (_, index) => {
    const id = String.fromCharCode(97 + index);
    return { id, event: { id } as OutboxItem['event'], bytes: 10, priority: 0, createdAt: 0, attempts: 1 };
  });
}

const context: OutcomeContext = {
  now: 1_000_000,
  online: true,
  policy: { baseDelay: 1000, maxDelay: 60_000 },
  maxNetworkRetries: 2,
  random: () => 1,
};
const state = (changes: Partial<RetryState> = {}): RetryState => ({ ...INITIAL_RETRY_STATE, ...changes });
const network: SendResult = { kind: 'retry', error: 'Failed to fetch', network: true };
const serverError: SendResult = { kind: 'retry', status: 503, error: 'HTTP 503', network: false };

describe('outcome', () => {
  it.each<[string, number, SendResult, RetryState, Partial<OutcomeContext>, Outcome]>([
    [
      'a 2xx acknowledges the batch and resets every failure count',
      3,
      { kind: 'ok', status: 200 },
      state({ failures: 4, networkFailures: 2, sampleRate: 0.5 }),
      {},
      { kind: 'ack', forget: ['a', 'b', 'c'], state: state() },
    ],
    [
      "a 2xx with a sampling hint keeps the server's rate",
      1,
      { kind: 'ok', status: 202, sampleRate: 0.25 },
      state(),
      {},
      { kind: 'ack', forget: ['a'], state: state({ sampleRate: 0.25 }) },
    ],
    [
      'a 413 on several events splits the batch in halves, rounded up',
      5,
      { kind: 'too-large', status: 413, error: 'HTTP 413' },
      state({ failures: 1 }),
      {},
      { kind: 'split', maxCount: 3, state: state({ failures: 1 }) },
    ],
    [
      'a 413 on one event drops it for good, counted once',
      1,
      { kind: 'too-large', status: 413, error: 'HTTP 413' },
      state(),
      {},
      { kind: 'drop', forget: ['a'], reason: 'too_large', count: 1, state: state() },
    ],
    [
      'a 400 naming items by id and by index drops only those',
      4,
      {
        kind: 'invalid',
        status: 400,
        error: 'bad',
        items: [
          { index: 0, id: 'c', message: 'x' },
          { index: 3, message: 'y' },
        ],
      },
      state(),
      {},
      { kind: 'drop', forget: ['c', 'd'], reason: 'invalid', count: 2, state: state() },
    ],
    [
      'a 400 naming nothing recognisable drops the whole batch as rejected, so it cannot loop',
      2,
      { kind: 'invalid', status: 400, error: 'bad', items: [{ index: 9, message: 'x' }] },
      state(),
      {},
      { kind: 'drop', forget: ['a', 'b'], reason: 'rejected', count: 2, state: state() },
    ],
    [
      'any other 4xx drops the batch as rejected',
      2,
      { kind: 'rejected', status: 403, error: 'HTTP 403' },
      state({ failures: 2 }),
      {},
      { kind: 'drop', forget: ['a', 'b'], reason: 'rejected', count: 2, state: state({ failures: 2 }) },
    ],
    [
      'a 5xx keeps the batch and backs off: the first retry after the base delay',
      2,
      serverError,
      state(),
      {},
      { kind: 'retry', retryIn: 1000, state: state({ failures: 1 }) },
    ],
    [
      'a third 5xx in a row waits four times as long',
      2,
      serverError,
      state({ failures: 2 }),
      {},
      { kind: 'retry', retryIn: 4000, state: state({ failures: 3 }) },
    ],
    [
      'backoff is capped at the longest delay',
      1,
      serverError,
      state({ failures: 40 }),
      {},
      { kind: 'retry', retryIn: 60_000, state: state({ failures: 41 }) },
    ],
    [
      'a 429 with Retry-After waits what the server asked, and no automatic send comes before',
      1,
      { kind: 'retry', status: 429, retryAfter: 30_000, error: 'HTTP 429', network: false },
      state(),
      {},
      { kind: 'retry', retryIn: 30_000, state: state({ failures: 1, serverWaitUntil: 1_030_000 }) },
    ],
    [
      'a network failure while online counts toward the blocked-request limit',
      1,
      network,
      state({ failures: 1, networkFailures: 1 }),
      {},
      { kind: 'retry', retryIn: 2000, state: state({ failures: 2, networkFailures: 2 }) },
    ],
    [
      'past the limit of network failures while online, retries wait for a trigger',
      1,
      network,
      state({ failures: 2, networkFailures: 2 }),
      {},
      { kind: 'retry', retryIn: undefined, state: state({ failures: 3, networkFailures: 3 }) },
    ],
    [
      'offline, a network failure is not counted as blocked, and the online event resumes instead of a timer',
      1,
      network,
      state(),
      { online: false },
      { kind: 'retry', retryIn: undefined, state: state({ failures: 1 }) },
    ],
    [
      'with random 0 the backoff takes the lower half of its window',
      1,
      serverError,
      state({ failures: 1 }),
      { random: () => 0 },
      { kind: 'retry', retryIn: 1000, state: state({ failures: 2 }) },
    ],
  ])('%s', (_name, count, result, before, changes, expected) => {
    expect(outcome(batchOf(count), result, before, { ...context, ...changes })).toEqual(expected);
  });

  it('never changes the state it was given', () => {
    const before = state({ failures: 1 });
    const frozen = Object.freeze({ ...before });
    outcome(batchOf(1), serverError, frozen, context);
    expect(frozen).toEqual(before);
  });
});

describe('resumed', () => {
  it('starts backoff over but keeps the server wait and the sample rate', () => {
    expect(resumed(state({ failures: 5, networkFailures: 5, serverWaitUntil: 9, sampleRate: 0.5 }))).toEqual(
      state({ serverWaitUntil: 9, sampleRate: 0.5 }),
    );
  });
});

describe('shedsEvent', () => {
  it.each([
    // priority, sample rate, random, shed
    [PRIORITY.analytics, 1, 0.99, false],
    [PRIORITY.analytics, 0.5, 0.49, false],
    [PRIORITY.analytics, 0.5, 0.5, true],
    [PRIORITY.analytics, 0, 0, true],
    [PRIORITY.error, 0, 0.99, false],
    [PRIORITY.report, 0.1, 0.99, false],
  ])('priority %i at rate %f with random %f sheds: %s', (priority, sampleRate, random, shed) => {
    expect(shedsEvent(priority, state({ sampleRate }), () => random)).toBe(shed);
  });
});

describe('syncRecord', () => {
  it.each<[SendResult, object]>([
    [
      { kind: 'ok', status: 200 },
      { ok: true, status: 200, error: undefined, delivered: 2 },
    ],
    [serverError, { ok: false, status: 503, error: 'HTTP 503', delivered: 0 }],
    [
      { kind: 'rejected', status: 401, error: 'x'.repeat(900) },
      { ok: false, status: 401, delivered: 0 },
    ],
  ])('records %o', (result, expected) => {
    const record = syncRecord(batchOf(2), result, 5);
    expect(record).toMatchObject({ at: 5, ...expected });
    expect(record.error?.length ?? 0).toBeLessThanOrEqual(500);
  });
});
