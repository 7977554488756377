import { Hono } from 'hono';
import * as v from 'valibot';
import { parseOr400 } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { createLoadTestRuns } from '../loadtest/load-test-runs.ts';
import { startSelfLoadTest } from '../loadtest/self-load-test.ts';
import type { SelfLoadTestOptions } from '../loadtest/self-load-test.ts';
import { queryLimit } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

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

interface LoadTestRoutesOptions extends ReadCredentials, Omit<SelfLoadTestOptions, 'writeKey'> {
  writeKey: string;
}

/**
 * `POST /load-tests/run` (read key or staff token) starts a bounded load test of ingest against this server over
 * loopback and answers 202 with the run at once: one at a time across every replica on the database (409 while one
 * runs), in the widget's traffic mix, in its own rate bucket so real clients keep their budget and sampling. Its
 * events are tagged and deleted afterwards, so analytics never see them. `GET /load-tests/:id` is one run with its
 * progress (while running) or result; `GET /load-tests/runs` the recent ones.
 */
export function loadTestRoutes(options: LoadTestRoutesOptions): Hono {
  const routes = new Hono();
  const runs = createLoadTestRuns(options.storage.db);

  routes.get('/load-tests/runs', async (context) => {
    requireReader(context, options);
    return context.json({ runs: await runs.list(queryLimit(context.req.query('limit'), 20)) });
  });

  routes.get('/load-tests/:id', async (context) => {
    requireReader(context, options);
    const run = await runs.get(context.req.param('id'));
    if (!run) throw new HttpError(404, `no load test with id "${context.req.param('id').slice(0, 64)}"`);
    return context.json(run);
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
    const run = await startSelfLoadTest(options, plan);
    if (!run) throw new HttpError(409, 'a load test is already running; try again when it has finished');
    context.header('Location', `/api/load-tests/${run.id}`);
    return context.json(run, 202);
  });

  return routes;
}
