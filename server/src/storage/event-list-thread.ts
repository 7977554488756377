import { Worker } from 'node:worker_threads';
import { createReadQueue, runInTurn } from '../analytics/engine/read-queue.ts';
import { workerScript } from '../analytics/engine/worker-script.ts';
import { HttpError } from '../http-errors.ts';
import { workerReady } from '../worker-ready.ts';
import type { EventListMessage, EventListRequest, EventListSetup } from './event-list-protocol.ts';
import { eventListWorkers } from './event-list-workers.ts';
import type { EventPage, EventQuery } from './types.ts';

/** The event listing's limits (docs/operations.md, "Event listing"). */
export interface EventListLimits {
  /** A listing's time limit in ms, waiting for its turn included. */
  timeoutMs?: number;
  /** Listings waiting for the one running; one more is answered 503. */
  maxQueued?: number;
}

/** Event listings answered on a worker thread, one at a time. */
export interface EventListThread {
  /**
   * The page for `query`, as the repository answers it; 503 with Retry-After when busy or over the time limit.
   * `diagnostics` (tests only) makes the listing slow (see `EventListRequest.holdRows`).
   */
  list(query: EventQuery, diagnostics?: Pick<EventListRequest, 'holdRows'>): Promise<EventPage>;
  /** Stops the worker; later listings answer 503. */
  close(): Promise<void>;
}

/** Seconds a client is told to wait when the worker stopped under it: a new one starts with the next listing. */
const RESTART_RETRY = { 'Retry-After': '1' };

/**
 * Lists the SQLite record `file`'s events on a worker thread with a read-only connection of its own. better-sqlite3
 * is synchronous, and a listing whose filter has no index can scan millions of rows for tens of seconds: on the
 * API's thread that would stall every ingest meanwhile. better-sqlite3 cannot interrupt a query either, so a listing
 * past its time limit is answered 503 and its worker terminated; the next listing starts a fresh one.
 */
export function openEventListThread(file: string, limits: EventListLimits = {}): EventListThread {
  const { timeoutMs = 30_000, maxQueued = 8 } = limits;
  const queue = createReadQueue({ concurrency: 1, maxQueued, what: 'the event listing' });
  const workers = eventListWorkers(() => startWorker(file));
  return {
    list: (query, diagnostics) =>
      workers.closed
        ? Promise.reject(new HttpError(503, 'the event listing is shut down', undefined, RESTART_RETRY))
        : runInTurn(
            queue,
            timeoutMs,
            () => timeLimitError(timeoutMs),
            async (signal) => ask(await workers.ensure(), { query, ...diagnostics }, signal, workers.stop),
          ),
    close: () => workers.close(),
  };
}

let lastId = 0;

/** Sends `request` to `thread` and waits for its answer; at `signal` (the time limit) calls `stop` and rejects. */
function ask(
  thread: Worker,
  request: Omit<EventListRequest, 'id'>,
  signal: AbortSignal,
  stop: (thread: Worker) => void,
): Promise<EventPage> {
  return new Promise<EventPage>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const id = ++lastId;
    const done = () => {
      thread.off('message', onMessage).off('exit', onExit);
      signal.removeEventListener('abort', onAbort);
    };
    const onMessage = (reply: EventListMessage) => {
      if (!('id' in reply) || reply.id !== id) return;
      done();
      if (reply.ok) resolve(reply.page);
      else reject(reply.badInput ? new RangeError(reply.message) : new Error(`event listing failed: ${reply.message}`));
    };
    const onExit = () => {
      done();
      reject(new HttpError(503, 'the event listing worker stopped; retry in a moment', undefined, RESTART_RETRY));
    };
    const onAbort = () => {
      done();
      stop(thread);
      reject(signal.reason);
    };
    thread.on('message', onMessage).on('exit', onExit);
    signal.addEventListener('abort', onAbort, { once: true });
    thread.postMessage({ ...request, id } satisfies EventListRequest);
  });
}

/**
 * Starts a worker on `file` and waits for its `ready`: the time limit counts the start, but a listing stopped
 * meanwhile leaves the worker starting for the next one. A worker that fails to open the file answers 503.
 */
async function startWorker(file: string): Promise<Worker> {
  const thread = new Worker(await workerScript('event-list'), {
    workerData: { file } satisfies EventListSetup,
    name: 'crm-insights event list',
    // One page (at most 1000 events) at a time: a small heap is plenty, and caps what a listing can cost; so is a
    // small young generation (V8's default is up to 48 MB).
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
  // Without a listener a worker's error would be thrown on this thread.
  thread.on('error', (error) => console.error('[crm-insights] event list worker failed', error));
  // The thread alone does not keep the process alive (a script that opened storage can exit).
  thread.unref();
  return workerReady<EventListMessage>(
    thread,
    { isReady: (message) => 'ready' in message },
    'the event listing worker',
    RESTART_RETRY,
  );
}

function timeLimitError(timeoutMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return new HttpError(
    503,
    `listing these events took longer than the ${seconds} s limit and was stopped; filter by session or name, narrow since/until, or retry later`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
