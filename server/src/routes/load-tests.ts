import { Hono } from 'hono';
import * as v from 'valibot';
import { parseOr400 } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { runLoadTest } from '../load-test.ts';
import { readJsonBody } from '../read-body.ts';
import type { Storage } from '../storage/types.ts';

/** Bounds that keep a self-load-test from hurting the server it measures. */
export const LOAD_TEST_LIMITS = { requests: 2000, concurrency: 16, eventsPerBatch: 50 } as const;

const Count = (max: number, fallback: number, name: string) =>
  v.optional(v.pipe(v.number(`${name} must be a number`), v.integer(`${name} must be a whole number`), v.minValue(1, `${name} must be at least 1`), v.maxValue(max, `${name} must be at most ${max}`)), fallback);

/** `POST /load-tests/run` body. */
export const LoadTestPlanSchema = v.object({
  requests: Count(LOAD_TEST_LIMITS.requests, 200, 'requests'),
  concurrency: Count(LOAD_TEST_LIMITS.concurrency, 4, 'concurrency'),
  eventsPerBatch: Count(LOAD_TEST_LIMITS.eventsPerBatch, 10, 'eventsPerBatch'),
});

interface LoadTestRoutesOptions extends ReadCredentials {
  storage: Storage;
  writeKey: string;
  /** The server's own origin when it listens (the Node runner); without it the app's fetch handler is used in-process. */
  loopbackOrigin?: () => string | undefined;
  /** The app's own fetch handler. */
  appFetch: (request: Request) => Promise<Response>;
}

/**
 * `POST /load-tests/run` (read key or staff token): a bounded load test of ingest against this server over
 * loopback, one at a time (409 while one runs). Its events are deleted afterwards, so analytics never see them.
 */
export function loadTestRoutes(options: LoadTestRoutesOptions): Hono {
  const routes = new Hono();
  let running = false;

  routes.post('/load-tests/run', async (context) => {
    requireReader(context, options);
    const input = context.req.header('content-length') === '0' ? {} : await readJsonBody(context, 4096).catch((error: unknown) => {
      if (error instanceof HttpError && /empty/.test(error.message)) return {};
      throw error;
    });
    const plan = parseOr400(LoadTestPlanSchema, input, 'load test plan');
    if (running) throw new HttpError(409, 'a load test is already running; try again when it has finished');
    running = true;
    try {
      const origin = options.loopbackOrigin?.();
      const send = (body: string) => {
        const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.writeKey}` }, body };
        return origin ? fetch(`${origin}/api/analytics/events`, init) : options.appFetch(new Request('http://loopback/api/analytics/events', init));
      };
      const result = await runLoadTest(plan, send);
      const { changes } = await deleteLoadTestEvents(options.storage, result.sessionId);
      return context.json({ ...result, transport: origin ? 'loopback-http' : 'in-process', deletedEvents: changes });
    } finally {
      running = false;
    }
  });

  return routes;
}

/**
 * Deletes a load test's events. On SQLite they are usually the newest rows, and SQLite hands the next row
 * max(rowid) + 1, so their rowids come round again: the analytics projection is rewound to the newest rowid left
 * while the delete still holds the write lock, before any new row can take one of them.
 */
async function deleteLoadTestEvents(storage: Storage, sessionId: string): Promise<{ changes: number }> {
  return storage.db.transaction(async (tx) => {
    const deleted = await tx.run('DELETE FROM events WHERE session_id = ?', [sessionId]);
    if (tx.dialect === 'sqlite') await storage.analytics.rewind((await tx.get<{ seq: number | null }>('SELECT max(rowid) AS seq FROM events'))?.seq ?? 0);
    return deleted;
  });
}
