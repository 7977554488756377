import type { Worker } from 'node:worker_threads';
import { HttpError } from '../http-errors.ts';

/**
 * Terminated workers still finishing their SQLite step, beyond which no new worker starts: terminate() stops a
 * thread only when it next runs JavaScript (https://nodejs.org/api/worker_threads.html#workerterminate), and
 * better-sqlite3 has no sqlite3_interrupt, so a stopped listing keeps its core until its query step returns.
 * With one stopping, a fresh worker still serves the next listing; a second stopping one makes listings wait.
 */
const MAX_STOPPING = 1;

/** The worker serving event listings, replaced when it exits or is stopped. */
export interface EventListWorkers {
  /** The serving worker, started if there is none; 503 while too many stopped ones are still finishing. */
  ensure(): Promise<Worker>;
  /** Past the time limit: terminates `thread` (counted while it finishes its SQLite step) and starts the next. */
  stop(thread: Worker): void;
  /** True once `close` was called. */
  readonly closed: boolean;
  /** Terminates the serving worker; a stop after it starts no replacement. */
  close(): Promise<void>;
}

/** Serving workers made by `start`, one at a time. */
export function eventListWorkers(start: () => Promise<Worker>): EventListWorkers {
  /** The worker serving listings (starting, or started: `live`), replaced when it stops. */
  let worker: Promise<Worker> | undefined;
  let live: Worker | undefined;
  let closed = false;
  let stopping = 0;

  const forget = (thread: Worker) => {
    if (live !== thread) return;
    live = undefined;
    worker = undefined;
  };
  const ensure = (): Promise<Worker> => {
    if (stopping > MAX_STOPPING && !worker) return Promise.reject(stillStoppingError());
    worker ??= start().then(
      (thread) => {
        live = thread;
        thread.once('exit', () => forget(thread));
        return thread;
      },
      (error: unknown) => {
        worker = undefined;
        throw error;
      },
    );
    return worker;
  };
  return {
    ensure,
    stop(thread) {
      forget(thread);
      stopping++;
      void thread.terminate().finally(() => stopping--);
      // The replacement starts now, so that it is ready for the next listing.
      if (!closed) ensure().catch(() => undefined);
    },
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      const thread = await worker?.catch(() => undefined);
      worker = undefined;
      await thread?.terminate();
    },
  };
}

function stillStoppingError(): HttpError {
  return new HttpError(
    503,
    'the event listing is still stopping listings that ran past their time limit; retry in a few seconds',
    undefined,
    { 'Retry-After': '5' },
  );
}
