import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { runLoadTestToEnd } from '../../../tests/support/load-test-run.ts';
import { createApp } from '../app.ts';
import { LOAD_TEST_TAG } from '../load-test.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage, StoredEvent } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';

describe('the self-load-test', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  /** Every event the load test's batches stored, as ingest handed them to storage (they are deleted afterwards). */
  let stored: StoredEvent[];
  const request = async (path: string, init?: RequestInit) => app.request(path, init);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-self-load-'));
    storage = await openStorage({ dataDir: dir });
    stored = [];
    const insertEvents = storage.insertEvents.bind(storage);
    storage.insertEvents = (events) => {
      stored.push(...events);
      return insertEvents(events);
    };
    // Real clients get 60 requests a minute: a load test spending their bucket would leave them 429s or sampling.
    app = createApp({ storage, writeKey: WRITE, readKey: READ, rateLimit: { perMinute: 60, burst: 60 } });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 202 at once and runs in the background, one run at a time; the run is readable by id', async () => {
    const first = await request('/api/load-tests/run', {
      method: 'POST',
      headers: { Authorization: `Bearer ${READ}` },
      body: JSON.stringify({ requests: 200, concurrency: 2, eventsPerBatch: 20 }),
    });
    expect(first.status).toBe(202);
    const run = (await first.json()) as { id: string; status: string; progress: { sent: number; of: number } };
    expect(run).toMatchObject({ status: 'running', progress: { sent: 0, of: 200 } });
    expect(first.headers.get('Location')).toBe(`/api/load-tests/${run.id}`);
    const second = await request('/api/load-tests/run', {
      method: 'POST',
      headers: { Authorization: `Bearer ${READ}` },
    });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toMatch(/already running/);
    const missing = await request('/api/load-tests/nope', { headers: { Authorization: `Bearer ${READ}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('no load test with id "nope"');
    // Let it finish (the store closes after the test).
    for (;;) {
      const current = (await (
        await request(`/api/load-tests/${run.id}`, { headers: { Authorization: `Bearer ${READ}` } })
      ).json()) as { status: string; progress: { sent: number } };
      if (current.status !== 'running') break;
      await new Promise((wake) => setTimeout(wake, 200));
    }
    const listed = (await (
      await request('/api/load-tests/runs', { headers: { Authorization: `Bearer ${READ}` } })
    ).json()) as { runs: { id: string; status: string; progress: { sent: number; of: number } }[] };
    expect(listed.runs).toEqual([
      expect.objectContaining({
        id: run.id,
        status: 'done',
        progress: expect.objectContaining({ sent: 200, of: 200 }),
      }),
    ]);
  });

  it("sends the widget's traffic mix, gzipped and tagged load-test, in its own bucket, and leaves nothing behind", async () => {
    const { finished } = await runLoadTestToEnd(request, `Bearer ${READ}`, {
      requests: 120,
      concurrency: 4,
      eventsPerBatch: 10,
    });
    expect(finished.status).toBe('done');
    // 120 requests against a client budget of 60: every one answered, none limited.
    expect(finished.result).toMatchObject({ ok: 120, rateLimited: 0, failed: 0, deletedEvents: 1200 });
    const types = new Set(stored.map((event) => event.type));
    expect([...types].sort()).toEqual(['api', 'error', 'page', 'track', 'vital']);
    expect(stored).toHaveLength(1200);
    expect(stored.every((event) => event.tags?.includes(LOAD_TEST_TAG))).toBe(true);
    const mix = finished.result!.mix as Record<string, number>;
    expect(Object.values(mix).reduce((sum, count) => sum + count, 0)).toBe(1200);
    for (const type of types) expect(mix[type]).toBe(stored.filter((event) => event.type === type).length);
    // Gzipped on the wire: each mixed event is a few hundred bytes of JSON; compressed they average far less.
    expect(Number(finished.result!.bytesSent)).toBeLessThan(1200 * 100);
    expect((await storage.listEvents({ limit: 10 })).events).toHaveLength(0);

    // A real client after it has its whole budget: keep everything (sampleRate 1 while half the bucket is left).
    const rates: unknown[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await request('/api/analytics/events', {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          sentAt: Date.now(),
          events: [
            {
              id: uuidv7(Date.now()),
              type: 'track',
              name: 'Real',
              ts: Date.now(),
              sessionId: uuidv7(Date.now()),
              anonymousId: uuidv7(Date.now()),
            },
          ],
        }),
      });
      rates.push(((await response.json()) as { sampleRate: number }).sampleRate);
    }
    expect(rates).toEqual([1, 1, 1, 1, 1]);
  });
});
