import { availableParallelism } from 'node:os';
import { HttpError } from '../../http-errors.ts';
import type { ANALYTICS_QUERIES } from '../queries/index.ts';
import { ROLLUP_READS } from '../queries/rollup-reads.ts';
import type { DIAGNOSTIC_READS } from './diagnostic-reads.ts';
import { mainMemory } from './engine-memory.ts';
import type { EngineStatus, ProjectionProgress, WorkerSetup } from './protocol.ts';
import { createReadQueue, runInTurn } from './read-queue.ts';
import type { RecordLocation } from './record-source.ts';
import { openWorkerChannel } from './worker-channel.ts';

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
type ReadName = keyof EngineReads;
/** What read `N` takes and answers. */
type ReadParams<N extends ReadName> = Parameters<EngineReads[N]>[1];
type ReadAnswer<N extends ReadName> = Awaited<ReturnType<EngineReads[N]>>;

/** A call's own limits. */
interface RunOptions {
  timeoutMs?: number;
}

/** The analytics engine as the API process sees it: reads by name, status, and a way to stop it. */
export interface AnalyticsEngine {
  /** Answers the read `name` with `params` in the worker; 503 with Retry-After when busy or over the time limit. */
  run<N extends ReadName>(name: N, params: ReadParams<N>, options?: RunOptions): Promise<ReadAnswer<N>>;
  /** `run`, with the answer serialised to JSON in the worker (for a route that sends it as it is). */
  runJson<N extends ReadName>(name: N, params: ReadParams<N>, options?: RunOptions): Promise<string>;
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
function defaultEngineSetup(record: RecordLocation): WorkerSetup {
  return {
    record,
    projectionFile: ':memory:',
    // One core stays for the event loop and the record's writes.
    threads: Math.max(1, availableParallelism() - 1),
    // DuckDB spills what does not fit to `<projection file>.tmp`, but some work cannot spill: at 10 million events,
    // 128 MB made an experiment read and a fold at once fail for want of memory (docs/performance-scale.md), so the
    // limit stays at 160 MB, 33 MB more at peak.
    memoryLimit: '160MB',
    heapMb: 192,
    // DuckDB's own is 1 s, and then lazily: at 10 M events, returning what a query frees at once took the peak RSS
    // from 410 to 350-360 MB over the same reads, none of them slower (docs/performance-scale.md).
    allocatorDecayMs: 0,
    batchSize: 5_000,
    pollMs: 250,
    projectorDelayMs: 0,
    concurrency: 2,
    rebuild: false,
    diagnostics: false,
  };
}

/** Makes the engine for the record at `location`; its worker thread starts lazily (or with `start()`). */
export function createAnalyticsEngine(
  location: RecordLocation | undefined,
  options: AnalyticsEngineOptions = {},
): AnalyticsEngine {
  const { maxQueued = 64, timeoutMs: defaultTimeoutMs = 30_000, ...setupOptions } = options;
  const setup: WorkerSetup | undefined = location && { ...defaultEngineSetup(location), ...definedOnly(setupOptions) };
  const queue = createReadQueue({ concurrency: setup?.concurrency ?? 1, maxQueued });
  // The rollup reads (the overview, the alert checks) take milliseconds: a lane of their own, so that they never
  // wait for a turn behind funnels and experiment results. The worker runs each read on its own DuckDB connection.
  const rollupQueue = createReadQueue({ concurrency: 1, maxQueued });
  const channel = openWorkerChannel(setup);
  /** Queues read `name`, sends it to the worker once it has a turn, and gives up (503) at its time limit. */
  const call = (name: ReadName, params: unknown, json: boolean, { timeoutMs = defaultTimeoutMs }: RunOptions = {}) =>
    runInTurn(
      ROLLUP_READS.has(name) ? rollupQueue : queue,
      timeoutMs,
      () => timeLimitError(name, timeoutMs),
      (signal) => {
        const id = channel.nextId();
        // Past the limit the caller already has its 503; the worker is told to interrupt the query, and the
        // turn is given back only when it has, so a stuck read still counts against the concurrency.
        signal.addEventListener('abort', () => channel.cancel(id), { once: true });
        return channel.call({ kind: 'run', name, params, json }, id);
      },
    );
  return {
    run: <N extends ReadName>(name: N, params: ReadParams<N>, options?: RunOptions) =>
      call(name, params, false, options) as Promise<ReadAnswer<N>>,
    runJson: <N extends ReadName>(name: N, params: ReadParams<N>, options?: RunOptions) =>
      call(name, params, true, options) as Promise<string>,
    status: async () => {
      const status = (await channel.call({ kind: 'status' })) as EngineStatus;
      return { ...status, memory: { ...status.memory, ...mainMemory() } };
    },
    purge: async (before) => (await channel.call({ kind: 'purge', before })) as number,
    rewind: async (seq) => void (await channel.call({ kind: 'rewind', seq })),
    start: () => channel.start(),
    catchUp: async (onProgress) =>
      void (await channel.call({ kind: 'catch-up', progress: Boolean(onProgress) }, undefined, onProgress)),
    close: () => channel.close(),
  };
}

function timeLimitError(name: string, timeoutMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return new HttpError(
    503,
    `the analytics read "${name}" took longer than its ${seconds} s limit and was stopped; narrow the time range or retry later`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as Partial<T>;
}
