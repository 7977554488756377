import { Hono } from 'hono';
import * as v from 'valibot';
import { parseOr400 } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { runLoadTest } from '../load-test.ts';
import { randomUUID } from 'node:crypto';
import { acquireLease, releaseLease } from '../cluster/lease.ts';
import { loadTestHeaders } from '../load-test-marker.ts';
import { queryLimit } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';
import type { Storage } from '../storage/types.ts';

/** Bounds that keep a self-load-test from hurting the server it measures. */
export const LOAD_TEST_LIMITS = { requests: 2000, concurrency: 16, eventsPerBatch: 50 } as const;

const Count = (max: number, fallback: number, name: string) =>
  v.optional(
    v.pipe(
      v.number(`${name} must be a number`),
      v.integer(`${name} must be a whole number`),
      v.minValue(1, `${name} must be at least 1`),
      v.maxValue(max, `${name} must be at most ${max}`),
    ),
    fallback,
  );

/** `POST /load-tests/run` body. */
export const LoadTestPlanSchema = v.object({
  requests: Count(LOAD_TEST_LIMITS.requests, 200, 'requests'),
  concurrency: Count(LOAD_TEST_LIMITS.concurrency, 4, 'concurrency'),
  eventsPerBatch: Count(LOAD_TEST_LIMITS.eventsPerBatch, 10, 'eventsPerBatch'),
});

interface LoadTestRoutesOptions extends ReadCredentials {
  storage: Storage;
  /** This process's name: the load-test lease's holder. */
  instance: string;
  now?: () => number;
  writeKey: string;
  /** The server's own origin when it listens (the Node runner); without it the app's fetch handler is used in-process. */
  loopbackOrigin?: () => string | undefined;
  /** The app's own fetch handler. */
  appFetch: (request: Request) => Promise<Response>;
}

/** How long a replica may hold the load-test lease before another may take it (a crashed run). */
const LEASE_MS = 5 * 60_000;

/**
 * `POST /load-tests/run` (read key or staff token): a bounded load test of ingest against this server over
 * loopback, one at a time across every replica on the database (409 while one runs), in its own rate bucket so
 * real clients keep their budget and sampling. Its events are deleted afterwards, so analytics never see them.
 * `GET /load-tests/runs` lists recent runs with their progress (while running) or result.
 */
export function loadTestRoutes(options: LoadTestRoutesOptions): Hono {
  const routes = new Hono();
  const { db } = options.storage;
  const now = options.now ?? Date.now;

  routes.get('/load-tests/runs', async (context) => {
    requireReader(context, options);
    const rows = await db.all<{
      id: string;
      instance: string;
      started_at: number;
      finished_at: number | null;
      status: string;
      progress: string;
      result: string | null;
    }>('SELECT * FROM load_test_runs ORDER BY started_at DESC LIMIT ?', [queryLimit(context.req.query('limit'), 20)]);
    return context.json({
      runs: rows.map((row) => ({
        id: row.id,
        instance: row.instance,
        startedAt: Number(row.started_at),
        finishedAt: row.finished_at === null ? undefined : Number(row.finished_at),
        status: row.status,
        progress: JSON.parse(row.progress) as unknown,
        result: row.result ? (JSON.parse(row.result) as unknown) : undefined,
      })),
    });
  });

  routes.post('/load-tests/run', async (context) => {
    requireReader(context, options);
    const input =
      context.req.header('content-length') === '0'
        ? {}
        : await readJsonBody(context, 4096).catch((error: unknown) => {
            if (error instanceof HttpError && /empty/.test(error.message)) return {};
            throw error;
          });
    const plan = parseOr400(LoadTestPlanSchema, input, 'load test plan');
    if (!(await acquireLease(db, 'load-test', options.instance, now(), LEASE_MS)))
      throw new HttpError(409, 'a load test is already running; try again when it has finished');
    const id = randomUUID();
    try {
      await db.run(
        "INSERT INTO load_test_runs (id, instance, started_at, finished_at, status, progress, result) VALUES (?, ?, ?, NULL, 'running', ?, NULL)",
        [id, options.instance, now(), JSON.stringify({ sent: 0, of: plan.requests })],
      );
      const origin = options.loopbackOrigin?.();
      const send = (body: string) => {
        const init = {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${options.writeKey}`,
            ...loadTestHeaders(),
          },
          body,
        };
        return origin
          ? fetch(`${origin}/api/analytics/events`, init)
          : options.appFetch(new Request('http://loopback/api/analytics/events', init));
      };
      let reported = 0;
      const result = await runLoadTest(plan, send, undefined, undefined, (progress) => {
        // At most one progress write a second: the dashboard polls, it does not need every request.
        if (performance.now() - reported < 1000) return;
        reported = performance.now();
        void db
          .run('UPDATE load_test_runs SET progress = ? WHERE id = ?', [
            JSON.stringify({ ...progress, of: plan.requests }),
            id,
          ])
          .catch(() => undefined);
      });
      const { changes } = await deleteLoadTestEvents(options.storage, result.sessionId);
      const answer = { id, ...result, transport: origin ? 'loopback-http' : 'in-process', deletedEvents: changes };
      await db.run(
        "UPDATE load_test_runs SET status = 'done', finished_at = ?, progress = ?, result = ? WHERE id = ?",
        [now(), JSON.stringify({ sent: plan.requests, of: plan.requests }), JSON.stringify(answer), id],
      );
      return context.json(answer);
    } catch (error) {
      await db
        .run("UPDATE load_test_runs SET status = 'failed', finished_at = ? WHERE id = ?", [now(), id])
        .catch(() => undefined);
      throw error;
    } finally {
      await releaseLease(db, 'load-test', options.instance);
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
    if (tx.dialect === 'sqlite')
      await storage.analytics.rewind(
        (await tx.get<{ seq: number | null }>('SELECT max(rowid) AS seq FROM events'))?.seq ?? 0,
      );
    return deleted;
  });
}
