import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../../http-errors.ts';
import type { ANALYTICS_QUERIES } from '../queries/index.ts';
import type { DIAGNOSTIC_READS } from './diagnostic-reads.ts';
import type { EngineFailure, EngineReply, EngineRequest, EngineStatus, ProjectionProgress, WorkerSetup } from './protocol.ts';
import { createReadQueue } from './read-queue.ts';
import type { RecordLocation } from './record-source.ts';
import { workerScript } from './worker-script.ts';

/** Tunables of the engine; every one has a default (see docs/analytics.md, "Engine"). */
export interface AnalyticsEngineOptions extends Partial<Omit<WorkerSetup, 'record'>> {
  /** Reads waiting for a turn beyond the ones running; one more is answered 503. */
  maxQueued?: number;
  /** A read's time limit (waiting included) unless the call gives its own. */
  timeoutMs?: number;
}

/** Every read the worker knows, by name (the diagnostic ones answer only when enabled). */
type EngineReads = typeof ANALYTICS_QUERIES & typeof DIAGNOSTIC_READS;
/** The name of a read. */
export type ReadName = keyof EngineReads;
/** What read `N` takes and answers. */
export type ReadParams<N extends ReadName> = Parameters<EngineReads[N]>[1];
export type ReadAnswer<N extends ReadName> = Awaited<ReturnType<EngineReads[N]>>;

/** A call's own limits. */
export interface RunOptions {
  timeoutMs?: number;
}

/** The analytics engine as the API process sees it: reads by name, status, and a way to stop it. */
export interface AnalyticsEngine {
  /** Answers the read `name` with `params` in the worker; 503 with Retry-After when busy or over the time limit. */
  run<N extends ReadName>(name: N, params: ReadParams<N>, options?: RunOptions): Promise<ReadAnswer<N>>;
  /** Where the projection stands against the record. */
  status(): Promise<EngineStatus>;
  /** Starts the worker now (it otherwise starts with the first call), so the projection catches up from the start. */
  start(): Promise<void>;
  /** Deletes projection events before `before` (epoch ms), after retention purged them from the record; says how many. */
  purge(before: number): Promise<number>;
  /** Moves the projection's watermark back to record position `seq` (see `Projector.rewind`). */
  rewind(seq: number): Promise<void>;
  /** Brings the projection level with the record, reporting progress (the rebuild command). */
  catchUp(onProgress?: (progress: ProjectionProgress) => void): Promise<void>;
  close(): Promise<void>;
}

/** The defaults, sized for the 2-core machine the figures are measured on. */
export function defaultEngineSetup(record: RecordLocation): WorkerSetup {
  return {
    record,
    projectionFile: ':memory:',
    // One core stays for the event loop and the record's writes.
    threads: Math.max(1, availableParallelism() - 1),
    memoryLimit: '256MB',
    batchSize: 10_000,
    pollMs: 250,
    projectorDelayMs: 0,
    concurrency: 2,
    rebuild: false,
    diagnostics: false,
  };
}

/** A request to the worker before it is given its id. */
type RequestBody = Extract<EngineRequest, { id: number }> extends infer Each ? (Each extends unknown ? Omit<Each, 'id'> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: ProjectionProgress) => void;
}

/** Makes the engine for the record at `location`; its worker thread starts lazily (or with `start()`). */
export function createAnalyticsEngine(location: RecordLocation | undefined, options: AnalyticsEngineOptions = {}): AnalyticsEngine {
  const { maxQueued = 64, timeoutMs: defaultTimeoutMs = 10_000, ...setupOptions } = options;
  const setup: WorkerSetup | undefined = location && { ...defaultEngineSetup(location), ...definedOnly(setupOptions) };
  const queue = createReadQueue({ concurrency: setup?.concurrency ?? 1, maxQueued });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Promise<Worker> | undefined;
  let closed = false;

  const settle = (id: number, action: (entry: Pending) => void) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    action(entry);
  };
  const onReply = (reply: EngineReply) => {
    if (reply.kind === 'done') settle(reply.id, (entry) => entry.resolve(reply.value));
    else if (reply.kind === 'failed') settle(reply.id, (entry) => entry.reject(failureError(reply.failure)));
    else if (reply.kind === 'progress') pending.get(reply.id)?.onProgress?.(reply.progress);
  };
  const failAll = (message: string) => {
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(new HttpError(503, message, undefined, { 'Retry-After': '5' }));
    }
  };

  const spawn = async (): Promise<Worker> => {
    if (!setup) throw new HttpError(503, 'analytics is unavailable: the record is an in-memory database that a worker thread cannot open');
    const thread = new Worker(await workerScript(), { workerData: setup, name: 'crm-insights analytics' });
    const starting: { error(error: Error): void; exit(code: number): void; message(reply: EngineReply): void } = { error() {}, exit() {}, message() {} };
    await new Promise<void>((resolve, reject) => {
      starting.error = reject;
      starting.exit = (code) => reject(new Error(`exited with code ${code}`));
      starting.message = (reply) => {
        if (reply.kind === 'ready') resolve();
        else if (reply.kind === 'fatal') reject(new Error(reply.message));
      };
      thread.on('error', starting.error).on('exit', starting.exit).on('message', starting.message);
    })
      .catch(async (error: unknown) => {
        await thread.terminate();
        throw new HttpError(503, `analytics engine failed to start: ${error instanceof Error ? error.message : String(error)}`, undefined, { 'Retry-After': '5' });
      })
      // Only these listeners: removeAllListeners would also drop the Worker's own, and messages stop arriving.
      .finally(() => thread.off('error', starting.error).off('exit', starting.exit).off('message', starting.message));
    thread.on('message', onReply);
    // A worker that dies takes its running reads with it; the next call starts a new one, which catches up.
    thread.on('error', (error) => console.error('[crm-insights] analytics worker failed', error));
    thread.on('exit', () => {
      worker = undefined;
      failAll('the analytics engine stopped; retry in a moment');
    });
    return thread;
  };
  const ensureWorker = (): Promise<Worker> => {
    if (closed) return Promise.reject(new HttpError(503, 'the analytics engine is shut down', undefined, { 'Retry-After': '5' }));
    worker ??= spawn().catch((error: unknown) => {
      worker = undefined;
      throw error;
    });
    return worker;
  };
  const call = async (request: RequestBody, id = nextId++, onProgress?: Pending['onProgress']): Promise<unknown> => {
    const thread = await ensureWorker();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      thread.postMessage({ ...request, id } as EngineRequest);
    });
  };

  return {
    run<N extends ReadName>(name: N, params: ReadParams<N>, { timeoutMs = defaultTimeoutMs }: RunOptions = {}) {
      return new Promise<ReadAnswer<N>>((resolve, reject) => {
        const limit = new AbortController();
        const timer = setTimeout(() => limit.abort(timeLimitError(name, timeoutMs)), timeoutMs);
        limit.signal.addEventListener('abort', () => reject(limit.signal.reason), { once: true });
        void queue.acquire(limit.signal).then(async (release) => {
          const id = nextId++;
          // Past the limit the caller already has its 503; the worker is told to interrupt the query, and the
          // turn is given back only when it has, so a stuck read still counts against the concurrency.
          const cancel = () => void worker?.then((thread) => thread.postMessage({ kind: 'cancel', id } satisfies EngineRequest));
          limit.signal.addEventListener('abort', cancel, { once: true });
          try {
            if (!limit.signal.aborted) resolve((await call({ kind: 'run', name, params }, id)) as ReadAnswer<N>);
          } catch (error) {
            reject(error);
          } finally {
            clearTimeout(timer);
            release();
          }
        }, reject);
      });
    },
    status: async () => (await call({ kind: 'status' })) as EngineStatus,
    purge: async (before) => (await call({ kind: 'purge', before })) as number,
    rewind: async (seq) => void (await call({ kind: 'rewind', seq })),
    start: async () => void (await ensureWorker()),
    catchUp: async (onProgress) => void (await call({ kind: 'catch-up', progress: Boolean(onProgress) }, nextId++, onProgress)),
    async close() {
      closed = true;
      const thread = await worker?.catch(() => undefined);
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ kind: 'close' } satisfies EngineRequest);
      // DuckDB checkpoints on close; a worker that does not finish in time is stopped anyway.
      const stop = setTimeout(() => void thread.terminate(), 10_000);
      await exited;
      clearTimeout(stop);
    },
  };
}

function timeLimitError(name: string, timeoutMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return new HttpError(503, `the analytics read "${name}" took longer than its ${seconds} s limit and was stopped; narrow the time range or retry later`, undefined, { 'Retry-After': String(seconds) });
}

function failureError(failure: EngineFailure): Error {
  if (failure.status && failure.status >= 400 && failure.status < 500) return new HttpError(failure.status as 400, failure.message);
  if (failure.code === 'unknown-query') return new Error(failure.message);
  if (failure.code === 'interrupted') return new HttpError(503, failure.message, undefined, { 'Retry-After': '5' });
  return new Error(`analytics read failed: ${failure.message}`);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as Partial<T>;
}
