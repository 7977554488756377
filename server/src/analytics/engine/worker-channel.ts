import { Worker } from 'node:worker_threads';
import { HttpError } from '../../http-errors.ts';
import { workerReady } from '../../worker-ready.ts';
import { configureDuckDbAllocator } from './engine-memory.ts';
import type { EngineFailure, EngineReply, EngineRequest, ProjectionProgress, WorkerSetup } from './protocol.ts';
import { workerScript } from './worker-script.ts';

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

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: ProjectionProgress) => void;
}

const RETRY = { 'Retry-After': '5' };

/** The analytics worker's V8 young generation in MB (docs/performance-scale.md, "Where the RSS goes"). */
const WORKER_YOUNG_GENERATION_MB = 16;

/** A channel to a worker running `setup`; without a setup (an in-memory record) every call answers 503. */
export function openWorkerChannel(setup: WorkerSetup | undefined): WorkerChannel {
  const pending = new Map<number, Pending>();
  let lastId = 0;
  let worker: Promise<Worker> | undefined;
  let closed = false;

  const onReply = (reply: EngineReply) => {
    const entry = 'id' in reply ? pending.get(reply.id) : undefined;
    if (!entry || !('id' in reply)) return;
    if (reply.kind === 'progress') return entry.onProgress?.(reply.progress);
    pending.delete(reply.id);
    if (reply.kind === 'done') entry.resolve(reply.value);
    else if (reply.kind === 'failed') entry.reject(failureError(reply.failure));
  };
  const onExit = () => {
    // A worker that dies takes its running requests with it; the next call starts a new one, which catches up.
    worker = undefined;
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(new HttpError(503, 'the analytics engine stopped; retry in a moment', undefined, RETRY));
    }
  };
  const spawn = async (): Promise<Worker> => {
    if (!setup)
      throw new HttpError(
        503,
        'analytics is unavailable: the record is an in-memory database that a worker thread cannot open',
      );
    const thread = await startWorker(setup);
    thread.on('message', onReply).on('exit', onExit);
    thread.on('error', (error) => console.error('[crm-insights] analytics worker failed', error));
    return thread;
  };
  const ensure = (): Promise<Worker> => {
    if (closed) return Promise.reject(new HttpError(503, 'the analytics engine is shut down', undefined, RETRY));
    worker ??= spawn().catch((error: unknown) => {
      worker = undefined;
      throw error;
    });
    return worker;
  };

  return {
    nextId: () => ++lastId,
    async call(request, id = ++lastId, onProgress) {
      const thread = await ensure();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        thread.postMessage({ ...request, id } as EngineRequest);
      });
    },
    // A start that fails leaves nothing to interrupt; left unhandled, its rejection would end the process.
    cancel: (id) =>
      void worker?.then(
        (thread) => thread.postMessage({ kind: 'cancel', id } satisfies EngineRequest),
        () => undefined,
      ),
    start: async () => void (await ensure()),
    async close() {
      closed = true;
      const thread = await worker?.catch(() => undefined);
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ kind: 'close' } satisfies EngineRequest);
      const stop = setTimeout(() => void thread.terminate(), 10_000);
      await exited;
      clearTimeout(stop);
    },
  };
}

/** Starts a worker and waits for its `ready` (or its failure, answered 503 with the reason). */
async function startWorker(setup: WorkerSetup): Promise<Worker> {
  configureDuckDbAllocator(setup.allocatorDecayMs);
  const thread = new Worker(await workerScript(), {
    workerData: setup,
    name: 'crm-insights analytics',
    // A heap cap keeps V8 from growing the worker's heap to its default (a quarter of the machine's memory); the
    // young generation (V8's default up to 48 MB here) is kept small too: what the worker allocates is short-lived
    // (a batch of record rows, one read's answer), so a smaller nursery costs a few more quick scavenges.
    resourceLimits: { maxOldGenerationSizeMb: setup.heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return workerReady<EngineReply>(
    thread,
    {
      isReady: (reply) => reply.kind === 'ready',
      failure: (reply) => (reply.kind === 'fatal' ? reply.message : undefined),
    },
    'analytics engine',
    RETRY,
  );
}

function failureError(failure: EngineFailure): Error {
  if (failure.status && failure.status >= 400 && failure.status < 500)
    return new HttpError(failure.status as 400, failure.message);
  if (failure.code === 'interrupted' || failure.code === 'out-of-memory')
    return new HttpError(503, failure.message, undefined, RETRY);
  if (failure.code === 'unknown-query') return new Error(failure.message);
  return new Error(`analytics read failed: ${failure.message}`);
}
