import { HttpError } from '../../http-errors.ts';
import { ENGINE_RETRY, engineThread } from './engine-thread.ts';
import { pendingReplies } from './pending-replies.ts';
import type { EngineRequest, ProjectionProgress, WorkerSetup } from './protocol.ts';

/** A request to the worker before it is given its id. */
type RequestBody =
  Extract<EngineRequest, { id: number }> extends infer Each ? (Each extends unknown ? Omit<Each, 'id'> : never) : never;

/** The main thread's side of the worker: requests by id, the worker started on first use and again after it dies. */
export interface WorkerChannel {
  /** A fresh request id, for a caller that may cancel the request it is about to send. */
  nextId(): number;
  /** Sends a request and resolves with the worker's answer (a failure as an error, 4xx ones as `HttpError`). */
  call(request: RequestBody, id?: number, onProgress?: (progress: ProjectionProgress) => void): Promise<unknown>;
  /** Tells the worker to interrupt request `id`; it answers it as interrupted. */
  cancel(id: number): void;
  /** Starts the worker if it is not running. */
  start(): Promise<void>;
  /** Asks the worker to close (DuckDB checkpoints), stopping it after 10 s if it does not. */
  close(): Promise<void>;
}

/** A channel to a worker running `setup`; without a setup (an in-memory record) every call answers 503. */
export function openWorkerChannel(setup: WorkerSetup | undefined): WorkerChannel {
  const pending = pendingReplies();
  const thread = engineThread(setup, {
    onReply: pending.settle,
    // A worker that dies takes its running requests with it; the next call starts a new one, which catches up.
    onExit: () =>
      pending.rejectAll(new HttpError(503, 'the analytics engine stopped; retry in a moment', undefined, ENGINE_RETRY)),
  });
  let lastId = 0;
  return {
    nextId: () => ++lastId,
    async call(request, id = ++lastId, onProgress) {
      const worker = await thread.ensure();
      return new Promise((resolve, reject) => {
        pending.add(id, { resolve, reject, onProgress });
        worker.postMessage({ ...request, id } as EngineRequest);
      });
    },
    // A start that fails leaves nothing to interrupt; left unhandled, its rejection would end the process.
    cancel: (id) =>
      void thread.current()?.then(
        (worker) => worker.postMessage({ kind: 'cancel', id } satisfies EngineRequest),
        () => undefined,
      ),
    start: async () => void (await thread.ensure()),
    close: () => thread.close(),
  };
}
