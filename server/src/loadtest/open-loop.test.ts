import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runPhase } from './open-loop.ts';
import type { PhasePlan } from './open-loop.ts';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/** A local HTTP server that reads each request's whole body before `handler` answers it. */
async function listen(handler: Handler): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const plan = (target: string, overrides: Partial<PhasePlan> = {}): PhasePlan => ({
  target,
  writeKey: 'pk_load',
  eventsPerSecond: 400,
  durationMs: 250,
  batchSize: 4,
  maxInFlight: 64,
  visitors: 3,
  ...overrides,
});

describe('runPhase', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((closed) => server?.close(closed) ?? closed(undefined));
    server = undefined;
  });

  it('posts gzipped batches with the write key and counts 2xx, 429 and other answers apart', async () => {
    const seen: { path?: string; authorization?: string; encoding?: string; events: number }[] = [];
    const listening = await listen((request, body, response) => {
      const events = (JSON.parse(gunzipSync(body).toString()) as { events: unknown[] }).events.length;
      seen.push({
        path: request.url,
        authorization: request.headers.authorization,
        encoding: request.headers['content-encoding'],
        events,
      });
      const status = [202, 429, 401][(seen.length - 1) % 3]!;
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 401 ? 'wrong write key' : 'ok');
    });
    server = listening.server;

    const result = await runPhase(plan(`${listening.origin}//`));

    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen[0]).toEqual({
      path: '/api/analytics/events',
      authorization: 'Bearer pk_load',
      encoding: 'gzip',
      events: 4,
    });
    expect(result.requests).toBe(seen.length);
    expect(result.ok + result.rateLimited + result.failed).toBe(seen.length);
    expect(result.ok).toBe(Math.ceil(seen.length / 3));
    expect(result.rateLimited).toBe(Math.ceil((seen.length - 1) / 3));
    expect(result.events).toBe(result.ok * 4);
    expect(result.skipped).toBe(0);
    expect(result.firstError).toBe('HTTP 401: wrong write key');
    expect(result.bytesSent).toBeGreaterThan(0);
    expect(result.eventsPerSecond).toBe(400);
    expect(result.achievedEventsPerSecond).toBeGreaterThan(0);
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(result.latencyMs.p50);
  });

  it('skips a tick while maxInFlight requests are unanswered, and waits for those before it returns', async () => {
    let answered = 0;
    const listening = await listen((_request, _body, response) => {
      // Held past the phase's end: every tick after the first two finds both requests still out.
      setTimeout(() => {
        answered += 1;
        response.writeHead(202).end();
      }, 400);
    });
    server = listening.server;

    const result = await runPhase(plan(listening.origin, { maxInFlight: 2 }));

    expect(result.requests).toBe(2);
    expect(answered).toBe(2);
    expect(result.ok).toBe(2);
    expect(result.skipped).toBeGreaterThan(0);
    expect(result.latencyMs.max).toBeGreaterThan(0);
  });

  it('counts a request that never reaches a server as failed and keeps its reason', async () => {
    const listening = await listen(() => {});
    const { origin } = listening;
    await new Promise((closed) => listening.server.close(closed));

    const result = await runPhase(plan(origin, { durationMs: 100 }));

    expect(result.requests).toBeGreaterThan(0);
    expect(result.failed).toBe(result.requests);
    expect(result.ok).toBe(0);
    expect(result.firstError).toBe('fetch failed');
  });

  it('reports progress each second with the counts so far', async () => {
    const listening = await listen((_request, _body, response) => response.writeHead(202).end());
    server = listening.server;
    const reports: { requests: number; elapsedMs: number }[] = [];

    const result = await runPhase(plan(listening.origin, { durationMs: 1100, eventsPerSecond: 40 }), (so, elapsedMs) =>
      reports.push({ requests: so.requests, elapsedMs }),
    );

    expect(reports).toHaveLength(1);
    expect(reports[0]!.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(reports[0]!.requests).toBeGreaterThan(0);
    expect(reports[0]!.requests).toBeLessThanOrEqual(result.requests);
  });
});
