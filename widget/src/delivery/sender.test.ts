import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { classify, createSender } from './sender.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('classify', () => {
  it.each([
    ['200', new Response('{}', { status: 200 }), { kind: 'ok', status: 200 }],
    [
      '200 with a sampling hint',
      Response.json({ accepted: 1, duplicates: 0, sampleRate: 0.25 }),
      { kind: 'ok', status: 200, sampleRate: 0.25 },
    ],
    ['200 with a nonsense sampling hint', Response.json({ accepted: 1, sampleRate: 7 }), { kind: 'ok', status: 200 }],
    [
      '500',
      new Response('{"error":"db down"}', { status: 500 }),
      { kind: 'retry', status: 500, retryAfter: undefined, error: 'HTTP 500: db down', network: false },
    ],
    [
      '503 with Retry-After',
      new Response('', { status: 503, headers: { 'Retry-After': '2' } }),
      { kind: 'retry', status: 503, retryAfter: 2000 },
    ],
    [
      '429 with a date',
      new Response('', { status: 429, headers: { 'Retry-After': 'Tue, 24 Nov 2026 12:00:05 GMT' } }),
      { kind: 'retry', retryAfter: 5000 },
    ],
    [
      '500 ignores Retry-After',
      new Response('', { status: 500, headers: { 'Retry-After': '2' } }),
      { kind: 'retry', retryAfter: undefined },
    ],
    ['413', new Response('{"error":"too big"}', { status: 413 }), { kind: 'too-large', status: 413 }],
    [
      '400 naming items',
      Response.json({ error: 'bad', items: [{ index: 0, message: 'x' }] }, { status: 400 }),
      { kind: 'invalid', items: [{ index: 0, message: 'x' }] },
    ],
    [
      '400 without items',
      Response.json({ error: 'invalid batch' }, { status: 400 }),
      { kind: 'rejected', status: 400, error: 'HTTP 400: invalid batch' },
    ],
    ['401 keeps the events', Response.json({ error: 'wrong key' }, { status: 401 }), { kind: 'retry', status: 401 }],
  ])('sorts %s', async (_label, response, expected) => {
    expect(await classify(response, NOW, 60_000)).toMatchObject(expected);
  });
});

const events = (count: number): InsightEvent[] =>
  Array.from({ length: count }, () => ({
    id: uuidv7(),
    type: 'track',
    name: 'Contact Viewed',
    ts: NOW,
    sessionId: uuidv7(),
    anonymousId: uuidv7(),
    props: { note: 'x'.repeat(200) },
  }));

describe('createSender', () => {
  it('gzips bodies above the threshold and leaves small ones plain', async () => {
    const requests: RequestInit[] = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      requests.push(init!);
      return new Response('{}');
    });
    const send = createSender({
      endpoint: 'https://api.example/api/',
      writeKey: 'pk',
      fetch,
      now: () => NOW,
      timeout: 1000,
      gzipAbove: 2000,
      maxRetryAfter: 1000,
    });
    const big = events(20);
    await send(events(1));
    await send(big);
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([
      'https://api.example/api/analytics/events',
      'https://api.example/api/analytics/events',
    ]);
    expect(requests[0]!.headers).not.toHaveProperty('Content-Encoding');
    expect(requests[1]!.headers).toMatchObject({ 'Content-Encoding': 'gzip', Authorization: 'Bearer pk' });
    const body = JSON.parse(gunzipSync(Buffer.from(requests[1]!.body as ArrayBuffer)).toString('utf8')) as {
      sentAt: number;
      events: InsightEvent[];
    };
    expect(body).toEqual({ sentAt: NOW, events: big });
  });

  it('reports a network failure as retryable', async () => {
    const send = createSender({
      endpoint: 'https://api.example/api',
      writeKey: 'pk',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      timeout: 1000,
      gzipAbove: 1e9,
      maxRetryAfter: 1000,
    });
    expect(await send(events(1))).toEqual({ kind: 'retry', error: 'Failed to fetch', network: true });
  });
});
