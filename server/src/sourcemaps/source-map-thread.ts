import { Worker } from 'node:worker_threads';
import { workerScript } from '../analytics/engine/worker-script.ts';
import { workerReady } from '../worker-ready.ts';
import { PARSED_MAPS_MB } from './source-map-protocol.ts';
import type { ResolveRequest, SourceMapMessage, SourceMapReply } from './source-map-protocol.ts';

/**
 * The worker's heap cap: the maps it keeps, plus one batch's new maps being parsed (16 MiB of text can take
 * 130 MB once decoded) and their garbage. A map too large for it ends the worker, not the API; the next error
 * starts a new one.
 */
const WORKER_HEAP_MB = PARSED_MAPS_MB * 3;

/** The thread that parses source maps and resolves frames with them (see `source-map-worker.ts`). */
export interface SourceMapThread {
  /**
   * Sends `request` and waits for its answer until its deadline: undefined when the deadline passes first (nothing
   * of the request is kept then, and a late answer is dropped); rejects when the worker cannot start or stops first.
   */
  resolve(request: Omit<ResolveRequest, 'id' | 'kind'>): Promise<SourceMapReply | undefined>;
  /** Drops the kept maps whose keys start with `prefix`. */
  forget(prefix: string): void;
}

let shared: SourceMapThread | undefined;

/** The process's one source map thread, so that its kept maps are bounded once for the whole process. */
export function sharedSourceMapThread(): SourceMapThread {
  shared ??= createSourceMapThread();
  return shared;
}

/** A caller waiting for the worker's answer to its request. */
interface Waiter {
  answer(reply: SourceMapReply | undefined): void;
  fail(error: Error): void;
}

/** A source map thread, started on first use and again after it exits. */
function createSourceMapThread(): SourceMapThread {
  let worker: Promise<Worker> | undefined;
  const waiting = new Map<number, Waiter>();
  let lastId = 0;
  const ensure = () => {
    worker ??= startWorker().then(
      (thread) => {
        thread.on('message', (message: SourceMapMessage) => {
          // An answer after its deadline finds no waiter and is dropped.
          if ('id' in message) waiting.get(message.id)?.answer(message);
        });
        thread.once('exit', () => {
          worker = undefined;
          for (const waiter of [...waiting.values()]) waiter.fail(new Error('the source map worker stopped'));
        });
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
    resolve(request) {
      const id = ++lastId;
      return new Promise<SourceMapReply | undefined>((resolve, reject) => {
        const settle = (settleWith: () => void) => {
          clearTimeout(timer);
          waiting.delete(id);
          settleWith();
        };
        const waiter: Waiter = {
          answer: (reply) => settle(() => resolve(reply)),
          fail: (error) => settle(() => reject(error)),
        };
        // Set before the worker is awaited: a worker slow to start counts against the deadline too.
        const timer = setTimeout(() => waiter.answer(undefined), request.deadline - Date.now());
        waiting.set(id, waiter);
        ensure().then(
          (thread) => {
            if (waiting.has(id)) thread.postMessage({ ...request, id, kind: 'resolve' } satisfies ResolveRequest);
          },
          (error: Error) => waiter.fail(error),
        );
      });
    },
    forget(prefix) {
      // A worker that is not running keeps nothing.
      void worker?.then(
        (thread) => thread.postMessage({ kind: 'forget', prefix }),
        () => undefined,
      );
    },
  };
}

async function startWorker(): Promise<Worker> {
  const thread = new Worker(await workerScript('source-maps'), {
    name: 'crm-insights source maps',
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  // Without a listener a worker's error (its heap cap reached) would be thrown on this thread.
  thread.on('error', (error) => console.error('[crm-insights] source map worker failed', error));
  // The thread alone does not keep the process alive (a script that opened storage can exit).
  thread.unref();
  return workerReady<SourceMapMessage>(
    thread,
    { isReady: (message) => 'ready' in message },
    'the source map worker',
    {},
  );
}
