/**
 * The messages between the API's main thread and the analytics worker. Everything here crosses a
 * `postMessage`, so it is plain data (structured clone): no functions, no class instances.
 */
import type { EngineMemory } from './engine-memory.ts';
import type { RecordLocation } from './record-source.ts';

/** How the worker is set up (its `workerData`). */
export interface WorkerSetup {
  record: RecordLocation;
  /** The DuckDB file of the projection, or `:memory:` (rebuilt from the record at every start). */
  projectionFile: string;
  /** DuckDB worker threads for the reads and the projector. */
  threads: number;
  /** DuckDB's memory limit, e.g. `256MB`; beyond it DuckDB spills to disk or fails the read. */
  memoryLimit: string;
  /** The worker thread's V8 old-generation cap in MB (`resourceLimits`): its JavaScript heap, beside DuckDB's memory. */
  heapMb: number;
  /** How long DuckDB's allocator keeps freed pages before it returns them to the OS, in ms (`ANALYTICS_ALLOCATOR_DECAY_MS`). */
  allocatorDecayMs: number;
  /** Record rows the projector reads and commits at once. */
  batchSize: number;
  /** How often the projector looks for new rows when it is level with the record. */
  pollMs: number;
  /** Hold the projector (and the catch-up before reads) this long after start: an ops/test knob. */
  projectorDelayMs: number;
  /** Reads answered at the same time (one DuckDB connection each). */
  concurrency: number;
  /** Drop the projection and build it again from the record before anything else. */
  rebuild: boolean;
  /** Adds the `diagnostic:busy` read (a deliberately heavy query) for tests of the limits. */
  diagnostics: boolean;
}

/** Where the projection stands against the record. */
export interface EngineStatus {
  /** The position of the last record row in the projection. */
  watermark: number;
  /** The last record position folded into the rollups (reads add the rows after it; the overview and alerts do not). */
  rollupWatermark: number;
  /** Record rows not yet in the projection (when the record can count them). */
  lagEvents?: number;
  /** Every record row committed more than this long ago is in the projection (the projector last found nothing new then). */
  lagMs: number;
  /** Events in the projection and its size on disk (or in memory) in bytes. */
  rows: number;
  bytes: number;
  /** Record rows the projector could not turn into a projection row (logged, then passed over). */
  skipped: number;
  /** The last background pass (appends) and fold (rollups), in ms: what they cost at this store's size. */
  lastPassMs?: number;
  lastFoldMs?: number;
  /** How long the last (at most 100) reads waited for the projector to append what had arrived before them, in ms. */
  readWaits: { count: number; lastMs: number; p50Ms: number; maxMs: number };
  /** When the projector last failed, and why; cleared by its next success. */
  lastError?: string;
  /** The API process's memory by part, to size `ANALYTICS_MEMORY_LIMIT` and `ANALYTICS_HEAP_MB` against the RSS budget. */
  memory: EngineMemory;
}

/** Progress of a catch-up (e.g. a rebuild): rows done of the total, and the rate so far. */
export interface ProjectionProgress {
  done: number;
  total: number;
  eventsPerSecond: number;
}

/** Main thread → worker. */
export type EngineRequest =
  | { kind: 'run'; id: number; name: string; params: unknown; json?: boolean }
  | { kind: 'cancel'; id: number }
  | { kind: 'status'; id: number }
  | { kind: 'catch-up'; id: number; progress: boolean }
  | { kind: 'purge'; id: number; before: number }
  | { kind: 'rewind'; id: number; seq: number }
  | { kind: 'close' };

/** Why a request failed: `status` set when the read itself rejected its input (a 4xx to pass on). */
export interface EngineFailure {
  code: 'interrupted' | 'unknown-query' | 'out-of-memory' | 'failed';
  message: string;
  status?: number;
}

/** Worker → main thread. */
export type EngineReply =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'failed'; id: number; failure: EngineFailure }
  | { kind: 'progress'; id: number; progress: ProjectionProgress }
  | { kind: 'closed' };
