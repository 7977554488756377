import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/uuid.ts';
import { createApp } from './app.ts';
import type { AppOptions } from './app.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';

describe('rate limits and key checks in front of every route', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  const start = (options: Partial<AppOptions> = {}) => {
    app = createApp({
      storage,
      writeKey: WRITE,
      readKey: READ,
      rateLimit: { perMinute: 2, burst: 2 },
      now: () => 1_000_000,
      ...options,
    });
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-limits-'));
    storage = await openStorage({ dataDir: dir });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const statuses = async (requests: (() => Response | Promise<Response>)[]) => {
    const found: number[] = [];
    for (const request of requests) found.push((await request()).status);
    return found;
  };
  const read = (headers: Record<string, string>) => () =>
    app.request('/api/analytics/events', { headers: { Authorization: `Bearer ${READ}`, ...headers } });

  it('takes the client from the hop the trusted proxy added, not from what the client wrote before it', async () => {
    start({ trustProxy: 1 });
    const spoofed = [1, 2, 3, 4].map((n) => read({ 'X-Forwarded-For': `198.51.100.${n}, 203.0.113.9` }));
    expect(await statuses(spoofed)).toEqual([200, 200, 429, 429]);
    expect((await read({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.10' })()).status).toBe(200);
  });

  it('counts hops from the right when several proxies are trusted', async () => {
    start({ trustProxy: 2 });
    const spoofed = [1, 2, 3].map((n) => read({ 'X-Forwarded-For': `198.51.100.${n}, 203.0.113.9, 10.0.0.${n}` }));
    expect(await statuses(spoofed)).toEqual([200, 200, 429]);
  });

  it('limits made-up keys by client address, so a fresh junk token never gets a fresh budget', async () => {
    start();
    const junk = [1, 2, 3, 4].map(
      (n) => () => app.request('/api/analytics/events', { headers: { Authorization: `Bearer junk-${n}` } }),
    );
    expect(await statuses(junk)).toEqual([403, 403, 429, 429]);
    // Known keys keep their own budget.
    expect((await read({})()).status).toBe(200);
  });

  it('never rate-limits GET /api/health', async () => {
    start();
    expect(await statuses(Array.from({ length: 6 }, () => () => app.request('/api/health')))).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
  });

  it('refuses a wrong bearer key on ingest before reading the body', async () => {
    start({ rateLimit: undefined });
    // A body that never ends: reading it first would hang the request.
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"sentAt":')),
    });
    const response = await app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: 'Bearer pk_junk' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe('wrong write key');
    expect((await storage.listEvents({ limit: 1 })).events).toHaveLength(0);
    const good = JSON.stringify({
      sentAt: Date.now(),
      events: [
        {
          id: uuidv7(),
          type: 'identify',
          ts: Date.now(),
          sessionId: uuidv7(),
          anonymousId: uuidv7(),
          props: { traits: {} },
        },
      ],
    });
    expect(
      (
        await app.request('/api/analytics/events', {
          method: 'POST',
          headers: { Authorization: `Bearer ${WRITE}` },
          body: good,
        })
      ).status,
    ).toBe(200);
  });
});
