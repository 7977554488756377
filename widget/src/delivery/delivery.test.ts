import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import * as sendChunk from '../chunks/send.ts';
import { createDelivery } from './delivery.ts';
import type { DeliveryOptions } from './delivery.ts';
import type { SendChunkLoader } from './lazy-send-loop.ts';
import { memoryOutbox } from './outbox.ts';
import type { Outbox } from './outbox.ts';

/** The `send` chunk as the npm entry has it: bundled, so it always "loads". */
const bundledSend: SendChunkLoader = async () => sendChunk;

type Reply = (events: InsightEvent[]) => Response | Promise<Response>;

/** A scripted server: records each request's events and time, answers with the next reply (the last one repeats). */
function scriptedFetch(replies: Reply[]) {
  const requests: { at: number; events: InsightEvent[] }[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const events = (JSON.parse(String(init?.body)) as { events: InsightEvent[] }).events;
    requests.push({ at: Date.now(), events });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    return reply(events);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const ok: Reply = (events) => Response.json({ accepted: events.length, duplicates: 0 });
const status =
  (code: number, headers: Record<string, string> = {}): Reply =>
  () =>
    Response.json({ error: 'no' }, { status: code, headers });

function setup(
  replies: Reply[],
  options: Partial<DeliveryOptions> = {},
  online = true,
  send = bundledSend,
  openOutbox = memoryOutbox,
) {
  const window = new EventTarget() as unknown as Window;
  const document = Object.assign(new EventTarget(), {
    visibilityState: 'visible',
    readyState: 'complete',
  }) as unknown as Document;
  const server = scriptedFetch(replies);
  const navigator = { onLine: online };
  const delivery = createDelivery(
    // Uncompressed bodies: CompressionStream does not run on fake timers, and sender.test.ts covers gzip.
    {
      endpoint: 'https://api.example/api',
      writeKey: 'pk',
      flushDelay: 100,
      retryDelay: 1000,
      maxRetryDelay: 60_000,
      gzipAbove: Infinity,
      ...options,
    },
    {
      window,
      document,
      navigator,
      fetch: server.fetch,
      now: () => Date.now(),
      random: () => 1,
      openOutbox,
      send,
    },
    (props) => ({ ...event(), type: 'client_report', name: 'dropped', props }),
  );
  const events = Array.from({ length: 5 }, () => event());
  return { delivery, server, events, window, navigator };
}

/** An event one millisecond younger than the last, so UUIDv7 order is creation order. */
function event(): InsightEvent {
  vi.setSystemTime(Date.now() + 1);
  return {
    id: uuidv7(Date.now()),
    type: 'track',
    name: 'E',
    ts: Date.now(),
    sessionId: uuidv7(),
    anonymousId: uuidv7(),
  };
}

const delivered = (requests: { events: InsightEvent[] }[], replies?: boolean[]) =>
  requests
    .filter((_request, index) => replies?.[index] ?? true)
    .flatMap((request) => request.events.map((item) => item.id));

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-24T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the delivery loop', () => {
  it('keeps every event while the send chunk cannot load, retries the load, and then sends each event once', async () => {
    let available = false;
    let loads = 0;
    const send: SendChunkLoader = async () => {
      loads++;
      return available ? sendChunk : undefined;
    };
    const { delivery, server, events, window } = setup([ok], {}, true, send);
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(100);
    expect(loads).toBe(1);
    await expect(delivery.flush()).rejects.toThrow('the send chunk did not load; events kept for retry');
    expect(loads).toBe(2);
    // Each failed try doubles the wait before the next (1 s, 2 s, 4 s…): the third try is 2 s after the flush.
    await vi.advanceTimersByTimeAsync(1900);
    expect(loads).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(loads).toBe(3);
    expect(server.requests).toHaveLength(0);
    expect((await delivery.state()).queued).toBe(events.length);
    available = true;
    // Back online starts the backoff over: the load is tried at once, and the outbox is sent.
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10);
    expect(delivered(server.requests)).toEqual(events.map((item) => item.id));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(delivered(server.requests)).toEqual(events.map((item) => item.id));
    expect((await delivery.state()).queued).toBe(0);
    delivery.stop();
  });

  it('reads the outbox no more than the batches need, and never counts it, when a drain empties it', async () => {
    const reads = { peek: 0, count: 0 };
    const watched = async (options: Parameters<typeof memoryOutbox>[0]): Promise<Outbox> => {
      const outbox = await memoryOutbox(options);
      return Object.assign(Object.create(outbox) as Outbox, {
        peek(limit: number) {
          reads.peek++;
          return outbox.peek(limit);
        },
        count() {
          reads.count++;
          return outbox.count();
        },
      });
    };
    const { delivery, server, events } = setup([ok], { batchSize: 2 }, true, bundledSend, watched);
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(100);
    // Batches of 2, 2 and 1: the short one was the rest of the outbox, so no fourth read finds it empty.
    expect(server.requests.map((request) => request.events.length)).toEqual([2, 2, 1]);
    expect(reads).toEqual({ peek: 3, count: 0 });
    // An event written while that drain ran planned its own send.
    const late = event();
    delivery.enqueue(late);
    await vi.advanceTimersByTimeAsync(100);
    expect(delivered(server.requests)).toEqual([...events, late].map((item) => item.id));
    await expect(delivery.flush()).resolves.toEqual({ delivered: 0, pending: 0 });
    expect(reads).toEqual({ peek: 5, count: 0 });
  });

  it('backs off exponentially after 5xx and delivers on the first 200, stamping attempt counts', async () => {
    const { delivery, server, events } = setup([status(500), status(502), status(503), ok]);
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(20_000);
    const start = server.requests[0]!.at;
    expect(server.requests.map((request) => request.at - start)).toEqual([0, 1000, 3000, 7000]);
    expect(server.requests.map((request) => request.events[0]!.attempt)).toEqual([1, 2, 3, 4]);
    expect(server.requests[3]!.events.map((item) => item.id)).toEqual(events.map((item) => item.id));
    expect((await delivery.state()).queued).toBe(0);
    delivery.stop();
  });

  it.each([
    ['seconds', { 'Retry-After': '7' }, 7000],
    ['an HTTP date', { 'Retry-After': new Date(Date.parse('2026-11-24T12:00:09Z')).toUTCString() }, 9000],
    ['an absurd value, capped', { 'Retry-After': '86400' }, 60_000],
    ['nothing: plain backoff', {}, 1000],
  ])('waits as a 429 with Retry-After in %s asks', async (_label, headers, wait) => {
    const { delivery, server, events } = setup([status(429, headers), ok]);
    delivery.enqueue(events[0]!);
    await vi.advanceTimersByTimeAsync(wait + 1000);
    expect(server.requests).toHaveLength(2);
    // A date is relative to the clock at the time of the answer, which came after the flush delay.
    const waited = server.requests[1]!.at - server.requests[0]!.at;
    expect(Math.abs(waited - wait)).toBeLessThanOrEqual(200);
    expect((await delivery.state()).queued).toBe(0);
    delivery.stop();
  });

  it('splits a batch the server calls too large until every event is delivered once', async () => {
    const { delivery, server, events } = setup([(batch) => (batch.length > 2 ? status(413)(batch) : ok(batch))]);
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests.map((request) => request.events.length)).toEqual([5, 3, 2, 2, 1]);
    const accepted = server.requests
      .filter((request) => request.events.length <= 2)
      .flatMap((request) => request.events.map((item) => item.id));
    expect(accepted.sort()).toEqual(events.map((item) => item.id).sort());
    delivery.stop();
  });

  it('drops a single event the server calls too large for good: page exit does not send it again', async () => {
    const { delivery, server, events, window } = setup([
      (batch) => (batch.some((item) => item.type === 'track') ? status(413)(batch) : ok(batch)),
    ]);
    delivery.enqueue(events[0]!);
    await vi.advanceTimersByTimeAsync(1000);
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests.filter((request) => request.events.some((item) => item.id === events[0]!.id))).toHaveLength(
      1,
    );
    delivery.stop();
  });

  it('drops only the item a 400 names, resends the rest, and reports the drop', async () => {
    let bad = '';
    const { delivery, server, events } = setup([
      (batch) => {
        bad = batch[1]!.id;
        return Response.json(
          { error: '1 of 5 events are invalid', items: [{ index: 1, id: bad, message: 'name: too long' }] },
          { status: 400 },
        );
      },
      ok,
    ]);
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(1000);
    const [, second, third] = server.requests;
    const resent = [...second!.events, ...(third?.events ?? [])];
    expect(resent.filter((item) => item.type === 'track').map((item) => item.id)).toEqual(
      events.map((item) => item.id).filter((id) => id !== bad),
    );
    expect(resent.filter((item) => item.type === 'client_report')).toEqual([
      expect.objectContaining({ props: { dropped: { invalid: 1 } } }),
    ]);
    delivery.stop();
  });

  it("honours the server's sampling hint for analytics only, counts what it sheds, and recovers when the hint lifts", async () => {
    let rate = 0.5;
    const { delivery, server, events } = setup([
      (batch) => Response.json({ accepted: batch.length, duplicates: 0, sampleRate: rate }),
    ]);
    delivery.enqueue(events[0]!);
    await vi.advanceTimersByTimeAsync(200);
    expect(server.requests).toHaveLength(1);

    // Under backpressure (the test's random() is 1, so nothing falls inside a 0.5 sample) analytics is shed,
    // an error is not, and the shed events are reported.
    rate = 1;
    const error = { ...event(), type: 'error' as const };
    for (const item of [...events.slice(1), error]) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(200);
    const sent = server.requests.slice(1).flatMap((request) => request.events);
    expect(sent.filter((item) => item.type === 'track')).toEqual([]);
    expect(sent.filter((item) => item.type === 'error').map((item) => item.id)).toEqual([error.id]);

    // The last answer said 1 again, so analytics flows again; the drop report follows with the next batch.
    const after = event();
    delivery.enqueue(after);
    await vi.advanceTimersByTimeAsync(200);
    const later = server.requests.slice(1).flatMap((request) => request.events);
    expect(later.filter((item) => item.type === 'track').map((item) => item.id)).toEqual([after.id]);
    expect(later.filter((item) => item.type === 'client_report')).toEqual([
      expect.objectContaining({ props: { dropped: { sampled: 4 } } }),
    ]);
    delivery.stop();
  });

  it('gives a request blocked while online a bounded number of retries, then waits for the next trigger', async () => {
    const blocked: Reply = () => Promise.reject(new TypeError('Failed to fetch'));
    const { delivery, server, events, window } = setup([blocked, blocked, blocked, blocked, blocked, ok], {
      maxNetworkRetries: 3,
    });
    delivery.enqueue(events[0]!);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.requests).toHaveLength(4);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10);
    expect(server.requests).toHaveLength(5);
    delivery.stop();
  });

  it('does not retry while offline and sends as soon as the browser is back online', async () => {
    const offline: Reply = () => Promise.reject(new TypeError('Failed to fetch'));
    const { delivery, server, events, window, navigator } = setup([offline, ok], {}, false);
    delivery.enqueue(events[0]!);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.requests).toHaveLength(1);
    navigator.onLine = true;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(10);
    expect(server.requests).toHaveLength(2);
    expect((await delivery.state()).queued).toBe(0);
    delivery.stop();
  });

  it('aborts a hung request after the timeout and retries it', async () => {
    const hung: Reply = () => new Promise<Response>(() => undefined);
    const replies: Reply[] = [hung, ok];
    const window = new EventTarget() as unknown as Window;
    const document = Object.assign(new EventTarget(), {
      visibilityState: 'visible',
      readyState: 'complete',
    }) as unknown as Document;
    const requests: number[] = [];
    const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      requests.push(Date.now());
      const reply = replies[requests.length - 1]!([]);
      return new Promise<Response>((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        void Promise.resolve(reply).then(resolve);
      });
    }) as typeof globalThis.fetch;
    const delivery = createDelivery(
      { endpoint: 'https://api.example/api', writeKey: 'pk', flushDelay: 100, retryDelay: 1000, requestTimeout: 5000 },
      {
        window,
        document,
        navigator: { onLine: true },
        fetch,
        now: () => Date.now(),
        send: bundledSend,
        random: () => 1,
        outbox: memoryOutbox(),
      },
      () => undefined,
    );
    delivery.enqueue(event());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests.map((at) => at - requests[0]!)).toEqual([0, 6000]);
    expect((await delivery.state()).lastSync).toMatchObject({ ok: true });
    delivery.stop();
  });

  it('drops the lowest-priority, oldest events when the outbox is full, and reports how many', async () => {
    const { delivery, server } = setup([ok], { maxQueueItems: 3 });
    const analytics = Array.from({ length: 4 }, () => event());
    const error = { ...event(), type: 'error' as const };
    for (const item of [error, ...analytics]) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(1000);
    const sent = server.requests.flatMap((request) => request.events);
    expect(
      sent
        .filter((item) => item.type !== 'client_report')
        .map((item) => item.id)
        .sort(),
    ).toEqual([error.id, analytics[2]!.id, analytics[3]!.id].sort());
    expect(sent.filter((item) => item.type === 'client_report')).toEqual([
      expect.objectContaining({ props: { dropped: { overflow: 2 } } }),
    ]);
    expect(delivered(server.requests)).toHaveLength(4);
    delivery.stop();
  });

  it('touches no storage while the page loads: what it captured then is written and sent once sending starts', async () => {
    const window = new EventTarget() as unknown as Window;
    const document = Object.assign(new EventTarget(), {
      visibilityState: 'visible',
      readyState: 'loading',
    }) as unknown as Document;
    const server = scriptedFetch([ok]);
    let opens = 0;
    const delivery = createDelivery(
      { endpoint: 'https://api.example/api', writeKey: 'pk', flushDelay: 100 },
      {
        window,
        document,
        navigator: { onLine: true },
        fetch: server.fetch,
        now: () => Date.now(),
        send: bundledSend,
        openOutbox: (options) => {
          opens++;
          return memoryOutbox(options);
        },
      },
      () => undefined,
    );
    const events = Array.from({ length: 3 }, () => event());
    for (const item of events) delivery.enqueue(item);
    await vi.advanceTimersByTimeAsync(5000);
    expect(opens).toBe(0);
    expect(server.requests).toEqual([]);
    window.dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(opens).toBe(1);
    expect(delivered(server.requests)).toEqual(events.map((item) => item.id));
    delivery.stop();
  });

  it('a page hidden before sending starts sends what it captured from memory, and never writes what the server took', async () => {
    const window = new EventTarget() as unknown as Window;
    const state = { visibilityState: 'visible', readyState: 'loading' };
    const document = Object.assign(new EventTarget(), state) as unknown as Document;
    const server = scriptedFetch([ok]);
    const written: string[] = [];
    const delivery = createDelivery(
      { endpoint: 'https://api.example/api', writeKey: 'pk', flushDelay: 100 },
      {
        window,
        document,
        navigator: { onLine: true },
        fetch: server.fetch,
        now: () => Date.now(),
        send: bundledSend,
        openOutbox: async (options) => {
          const outbox = await memoryOutbox(options);
          return {
            ...outbox,
            kind: outbox.kind,
            add: (items, exempt) => {
              written.push(...items.map((item) => item.id));
              return outbox.add(items, exempt);
            },
          };
        },
      },
      () => undefined,
    );
    const events = Array.from({ length: 3 }, () => event());
    for (const item of events) delivery.enqueue(item);
    Object.assign(document, { visibilityState: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(10);
    expect(delivered(server.requests)).toEqual(events.map((item) => item.id));
    Object.assign(document, { visibilityState: 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual([]);
    expect(server.requests).toHaveLength(1);
    delivery.stop();
  });
});
