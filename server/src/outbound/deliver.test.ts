import { describe, expect, it } from 'vitest';
import { deliver, isRetryable, retryDelay } from './deliver.ts';
import type { DeliveryAttempt } from './deliver.ts';
import { DELIVERY_FAILED, DESTINATION_NOT_ALLOWED, createOutboundClient } from './outbound-client.ts';
import type { OutboundClient, OutboundResult } from './outbound-client.ts';
import { startTestListener } from './test-listener.ts';

/** A client answering from a script, for the retry policy alone (the real client is tested against real listeners). */
function scriptedClient(answers: Omit<OutboundResult, 'durationMs'>[]): OutboundClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async post(url, body) {
      calls.push(`${url} ${body}`);
      return { ...(answers.shift() ?? { ok: true, status: 200 }), durationMs: 1 };
    },
  };
}

const target = { kind: 'bug-report', subjectId: 'r1', url: 'http://hook.test/x' };
const failed = { ok: false, error: DELIVERY_FAILED };

describe('deliver', () => {
  it.each([
    { answers: [{ ok: true, status: 200 }], attempts: 1, ok: true, waits: [] },
    {
      answers: [{ ok: false, status: 503, error: 'HTTP 503' }, failed, { ok: true, status: 200 }],
      attempts: 3,
      ok: true,
      waits: [100, 1000, 200],
    },
    {
      answers: [
        { ok: false, status: 429, error: 'HTTP 429' },
        { ok: true, status: 204 },
      ],
      attempts: 2,
      ok: true,
      waits: [100],
    },
    { answers: [{ ok: false, status: 400, error: 'HTTP 400' }], attempts: 1, ok: false, waits: [] },
    {
      answers: [{ ok: false, status: 302, error: 'HTTP 302: redirects are not followed' }],
      attempts: 1,
      ok: false,
      waits: [],
    },
    { answers: [{ ok: false, error: DESTINATION_NOT_ALLOWED }], attempts: 1, ok: false, waits: [] },
    { answers: [failed, failed, failed, failed], attempts: 3, ok: false, waits: [1000, 100, 1000, 200, 1000] },
  ])(
    '$answers.0.error… → $attempts attempts, ok $ok, waits $waits',
    async ({ answers, attempts, ok, waits: expectedWaits }) => {
      const client = scriptedClient([...answers]);
      const logged: DeliveryAttempt[] = [];
      const waits: number[] = [];
      const last = await deliver(client, target, '{"id":"r1"}', {}, async (attempt) => void logged.push(attempt), {
        maxAttempts: 3,
        baseDelayMs: 100,
        timeoutMs: 1000,
        now: () => 5,
        random: () => 1,
        sleep: async (ms) => void waits.push(ms),
      });
      expect(client.calls).toHaveLength(attempts);
      expect(client.calls[0]).toBe('http://hook.test/x {"id":"r1"}');
      expect(logged.map((attempt) => attempt.attempt)).toEqual(
        Array.from({ length: attempts }, (_, index) => index + 1),
      );
      // Waits between attempts, and failures without an answer padded to the whole timeout before they are logged.
      expect(waits).toEqual(expectedWaits);
      expect(last?.ok).toBe(ok);
      // The log keeps no timing of the attempt itself.
      expect(logged.every((attempt) => !('durationMs' in attempt))).toBe(true);
    },
  );

  it('pads a failure without an answer to the timeout: a refused and a timed-out attempt log alike', async () => {
    let clock = 0;
    const times: number[] = [];
    for (const took of [3, 1000]) {
      const client: OutboundClient = {
        post: async () => {
          clock += took;
          return { ok: false, error: DELIVERY_FAILED, durationMs: took };
        },
      };
      const start = clock;
      await deliver(client, target, '{}', {}, async () => void times.push(clock - start), {
        maxAttempts: 1,
        timeoutMs: 1000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      });
    }
    expect(times).toEqual([1000, 1000]);
  });

  it('resumes after the attempts a previous run logged, and does nothing when none are left', async () => {
    const client = scriptedClient([]);
    const logged: number[] = [];
    await deliver(client, target, '{}', {}, async (attempt) => void logged.push(attempt.attempt), {
      maxAttempts: 3,
      firstAttempt: 3,
      sleep: async () => undefined,
    });
    expect(logged).toEqual([3]);
    expect(
      await deliver(client, target, '{}', {}, async () => undefined, { maxAttempts: 3, firstAttempt: 4 }),
    ).toBeUndefined();
  });

  it('asks before each attempt, after its wait, and stops without it when told to', async () => {
    const client = scriptedClient([{ ok: false, status: 503, error: 'HTTP 503' }]);
    const events: string[] = [];
    const last = await deliver(
      client,
      target,
      '{}',
      {},
      async (attempt) => void events.push(`log ${attempt.attempt}`),
      {
        maxAttempts: 3,
        sleep: async () => void events.push('wait'),
        beforeAttempt: async (attempt) => {
          events.push(`ask ${attempt}`);
          return attempt < 2;
        },
      },
    );
    expect(events).toEqual(['ask 1', 'log 1', 'wait', 'ask 2']);
    expect(client.calls).toHaveLength(1);
    expect(last).toMatchObject({ attempt: 1, ok: false, status: 503 });
  });
});

describe('retryDelay', () => {
  it.each([
    { attempt: 2, random: 0, retryAfter: 0, delay: 500 },
    { attempt: 2, random: 1, retryAfter: 0, delay: 1000 },
    { attempt: 4, random: 0.5, retryAfter: 0, delay: 3000 },
    { attempt: 12, random: 1, retryAfter: 0, delay: 60_000 },
    { attempt: 2, random: 0, retryAfter: 9000, delay: 9000 },
    { attempt: 2, random: 0, retryAfter: 3_600_000, delay: 60_000 },
  ])(
    'attempt $attempt, random $random, Retry-After $retryAfter → $delay ms',
    ({ attempt, random, retryAfter, delay }) => {
      expect(retryDelay(attempt, { random: () => random }, retryAfter)).toBe(delay);
    },
  );

  it.each([
    [{ ok: false, status: 500 }, true],
    [{ ok: false }, true],
    [{ ok: false, status: 429 }, true],
    [{ ok: false, status: 404 }, false],
    [{ ok: false, status: 301 }, false],
    [{ ok: true, status: 200 }, false],
  ])('%o retryable: %s', (result, retryable) => {
    expect(isRetryable(result)).toBe(retryable);
  });
});

describe('deliver through the real client', () => {
  it('retries a 503 from a listener of its own and logs both attempts', async () => {
    const listener = await startTestListener({ statuses: [503, 200] });
    try {
      const { url } = listener;
      const logged: DeliveryAttempt[] = [];
      const client = createOutboundClient({ allow: ['127.0.0.1/32'] });
      await deliver(
        client,
        { ...target, url },
        '{"n":1}',
        { 'Content-Type': 'application/json' },
        async (attempt) => void logged.push(attempt),
        { baseDelayMs: 1, now: () => 7 },
      );
      expect(logged).toEqual([
        { ...target, url, attempt: 1, at: 7, ok: false, status: 503, error: 'HTTP 503' },
        { ...target, url, attempt: 2, at: 7, ok: true, status: 200 },
      ]);
      expect(listener.hits.map((hit) => hit.body)).toEqual(['{"n":1}', '{"n":1}']);
    } finally {
      await listener.close();
    }
  });
});
