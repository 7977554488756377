import { describe, expect, it } from 'vitest';
import type { DeliveryAttempt } from './webhook-delivery.ts';
import { deliverWebhook } from './webhook-delivery.ts';

function fakeFetch(answers: (number | Error)[]) {
  const calls: string[] = [];
  const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(`${String(url)} ${String(init?.body)}`);
    const answer = answers.shift() ?? 200;
    if (answer instanceof Error) throw answer;
    return new Response(null, { status: answer });
  }) as typeof fetch;
  return { fetcher, calls };
}

describe('deliverWebhook', () => {
  it.each([
    { answers: [200], attempts: 1, ok: true },
    { answers: [503, new Error('connect ECONNREFUSED'), 200], attempts: 3, ok: true },
    { answers: [429, 200], attempts: 2, ok: true },
    { answers: [400], attempts: 1, ok: false },
    { answers: [500, 500, 500, 500], attempts: 3, ok: false },
  ])('$answers → $attempts attempts, ok $ok', async ({ answers, attempts, ok }) => {
    const { fetcher, calls } = fakeFetch([...answers]);
    const logged: DeliveryAttempt[] = [];
    const waits: number[] = [];
    const last = await deliverWebhook('r1', 'http://hook.test/x', { id: 'r1' }, async (attempt) => void logged.push(attempt), {
      retryDelays: [10, 20],
      fetch: fetcher,
      now: () => 5,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(calls).toHaveLength(attempts);
    expect(calls[0]).toBe('http://hook.test/x {"id":"r1"}');
    expect(logged.map((attempt) => attempt.attempt)).toEqual(Array.from({ length: attempts }, (_, index) => index + 1));
    expect(waits).toEqual([10, 20].slice(0, attempts - 1));
    expect(last?.ok).toBe(ok);
  });
});
