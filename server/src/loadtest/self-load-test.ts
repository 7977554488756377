import { randomUUID } from 'node:crypto';
import { acquireLease, releaseLease } from '../cluster/lease.ts';
import { loadTestHeaders } from '../load-test-marker.ts';
import { runLoadTest } from '../load-test.ts';
import type { LoadTestPlan } from '../load-test.ts';
import type { Storage } from '../storage/types.ts';
import { createLoadTestRuns, deleteLoadTestEvents } from './load-test-runs.ts';
import type { LoadTestRun } from './load-test-runs.ts';

/** What a self-load-test needs from the app. */
export interface SelfLoadTestOptions {
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
/** A run stops issuing requests after this long, well inside its lease, whatever its plan says. */
const MAX_RUN_MS = 2 * 60_000;
/** How often a running run's progress is stored. */
const PROGRESS_EVERY_MS = 250;

/**
 * Starts a self-load-test unless one is running on any replica (the lease in the database decides): records the
 * run and returns it at once; the requests go out in the background, progress is written at most four times a second,
 * and at the end the test's events are deleted and the result stored. Undefined when another run holds the lease.
 */
export async function startSelfLoadTest(
  options: SelfLoadTestOptions,
  plan: LoadTestPlan,
): Promise<LoadTestRun | undefined> {
  const { db } = options.storage;
  const now = options.now ?? Date.now;
  if (!(await acquireLease(db, 'load-test', options.instance, now(), LEASE_MS))) return undefined;
  const runs = createLoadTestRuns(db);
  const run: LoadTestRun = {
    id: randomUUID(),
    instance: options.instance,
    startedAt: now(),
    status: 'running',
    progress: { sent: 0, of: plan.requests },
  };
  try {
    await runs.insert(run);
  } catch (error) {
    await releaseLease(db, 'load-test', options.instance).catch(() => undefined);
    throw error;
  }
  void execute(options, plan, run.id).finally(() =>
    releaseLease(db, 'load-test', options.instance).catch(() => undefined),
  );
  return run;
}

/** Runs the plan and stores how it went; never rejects (a failure is stored as the run's error). */
async function execute(options: SelfLoadTestOptions, plan: LoadTestPlan, id: string): Promise<void> {
  const runs = createLoadTestRuns(options.storage.db);
  const now = options.now ?? Date.now;
  const origin = options.loopbackOrigin?.();
  const send = (body: Uint8Array<ArrayBuffer>) => {
    const init = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        Authorization: `Bearer ${options.writeKey}`,
        ...loadTestHeaders(),
      },
      body,
    };
    return origin
      ? fetch(`${origin}/api/analytics/events`, { ...init, signal: AbortSignal.timeout(10_000) })
      : options.appFetch(new Request('http://loopback/api/analytics/events', init));
  };
  let reported = 0;
  try {
    const result = await runLoadTest(plan, send, {
      now,
      signal: AbortSignal.timeout(MAX_RUN_MS),
      onProgress: (progress) => {
        // At most four progress writes a second: the dashboard polls, it does not need every request.
        if (performance.now() - reported < PROGRESS_EVERY_MS) return;
        reported = performance.now();
        void runs.progress(id, { ...progress, of: plan.requests }).catch(() => undefined);
      },
    });
    const { sessionIds, ...measured } = result;
    const { changes } = await deleteLoadTestEvents(options.storage, sessionIds);
    await runs.finish(id, now(), {
      progress: {
        sent: result.sent,
        of: plan.requests,
        ok: result.ok,
        rateLimited: result.rateLimited,
        failed: result.failed,
      },
      result: { ...measured, transport: origin ? 'loopback-http' : 'in-process', deletedEvents: changes },
    });
  } catch (error) {
    console.error('[crm-insights] load test failed', error);
    await runs
      .finish(id, now(), { error: error instanceof Error ? error.message : String(error) })
      .catch(() => undefined);
  }
}
