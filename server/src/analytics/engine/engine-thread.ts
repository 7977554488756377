import { Worker } from 'node:worker_threads';
import { HttpError } from '../../http-errors.ts';
import { workerReady } from '../../worker-ready.ts';
import { configureDuckDbAllocator } from './engine-memory.ts';
import type { EngineReply, EngineRequest, WorkerSetup } from './protocol.ts';
import { workerScript } from './worker-script.ts';

/** The headers of the engine's 503s: a worker that stopped is started again by the next call. */
export const ENGINE_RETRY = { 'Retry-After': '5' };

/** The analytics worker's V8 young generation in MB (docs/performance-scale.md, "Where the RSS goes"). */
const WORKER_YOUNG_GENERATION_MB = 16;

/** What the channel hears from the worker: each reply, and its exit. */
export interface EngineThreadEvents {
  onReply(reply: EngineReply): void;
  onExit(): void;
}

/** The analytics worker thread: started on first use and again after it dies or fails to start, until closed. */
export interface EngineThread {
  /** The worker, started if it is not running; 503 once closed, or without a setup. */
  ensure(): Promise<Worker>;
  /** The worker running or starting, if any. */
  current(): Promise<Worker> | undefined;
  /** Asks the worker to close (DuckDB checkpoints), stopping it after 10 s if it does not. */
  close(): Promise<void>;
}

/** The worker running `setup`, which tells `events` what it replies and when it exits. */
export function engineThread(setup: WorkerSetup | undefined, events: EngineThreadEvents): EngineThread {
  let worker: Promise<Worker> | undefined;
  let closed = false;
  const onExit = () => {
    worker = undefined;
    events.onExit();
  };
  return {
    ensure() {
      if (closed)
        return Promise.reject(new HttpError(503, 'the analytics engine is shut down', undefined, ENGINE_RETRY));
      worker ??= spawn(setup, events.onReply, onExit).catch((error: unknown) => {
        worker = undefined;
        throw error;
      });
      return worker;
    },
    current: () => worker,
    async close() {
      closed = true;
      const thread = await worker?.catch(() => undefined);
      if (thread) await closeWorker(thread);
    },
  };
}

/** Starts the worker for `setup` with its listeners; without a setup (an in-memory record) answers 503. */
async function spawn(
  setup: WorkerSetup | undefined,
  onReply: (reply: EngineReply) => void,
  onExit: () => void,
): Promise<Worker> {
  if (!setup)
    throw new HttpError(
      503,
      'analytics is unavailable: the record is an in-memory database that a worker thread cannot open',
    );
  const thread = await startWorker(setup);
  thread.on('message', onReply).on('exit', onExit);
  thread.on('error', (error) => console.error('[crm-insights] analytics worker failed', error));
  return thread;
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
    ENGINE_RETRY,
  );
}

/** Asks `thread` to close and waits for it to exit, terminating it if it has not within 10 s. */
async function closeWorker(thread: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.postMessage({ kind: 'close' } satisfies EngineRequest);
  const stop = setTimeout(() => void thread.terminate(), 10_000);
  await exited;
  clearTimeout(stop);
}
