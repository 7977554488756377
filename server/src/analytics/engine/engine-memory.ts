import type { DuckDBConnection } from '@duckdb/node-api';
import { getHeapStatistics } from 'node:v8';

/** Where the API process's memory goes, in bytes (the status route's `memory`): measured, not estimated. */
export interface EngineMemory {
  /** The whole process (`VmRSS`: main thread, worker, DuckDB, SQLite, code). */
  rss: number;
  /** The main thread's V8 heap in use, and what V8 holds for it. */
  mainHeapUsed: number;
  mainHeapTotal: number;
  /** The analytics worker's V8 heap in use, and what V8 holds for it (capped by `ANALYTICS_HEAP_MB`). */
  workerHeapUsed: number;
  workerHeapTotal: number;
  /** What DuckDB's buffer manager holds (capped by `ANALYTICS_MEMORY_LIMIT`). */
  duckdb: number;
}

/** The worker's part of `EngineMemory`: its own V8 heap and DuckDB's buffers (run inside the analytics worker). */
export async function workerMemory(
  connection: DuckDBConnection,
): Promise<Pick<EngineMemory, 'workerHeapUsed' | 'workerHeapTotal' | 'duckdb'>> {
  const heap = getHeapStatistics();
  const duckdb = (
    await connection.runAndReadAll('SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()')
  ).getRowObjectsJS()[0];
  return {
    workerHeapUsed: heap.used_heap_size,
    workerHeapTotal: heap.total_heap_size,
    duckdb: Number(duckdb?.bytes ?? 0),
  };
}

/** The main thread's part of `EngineMemory` (run on the API's main thread). */
export function mainMemory(): Pick<EngineMemory, 'rss' | 'mainHeapUsed' | 'mainHeapTotal'> {
  const memory = process.memoryUsage();
  return { rss: memory.rss, mainHeapUsed: memory.heapUsed, mainHeapTotal: memory.heapTotal };
}

/**
 * The environment variable DuckDB's bundled allocator (jemalloc, its symbols prefixed `duckdb_je_`) reads its options
 * from, once, when the DuckDB library is loaded (https://jemalloc.net/jemalloc.3.html#tuning). An invalid pair is
 * reported on stderr as `<jemalloc>: Invalid conf pair`.
 */
export const DUCKDB_ALLOCATOR_ENV = 'DUCKDB_JE_MALLOC_CONF';

/**
 * DuckDB's allocator options: freed pages go back to the OS within `decayMs` of being freed (at once with 0; DuckDB's
 * own is 1 s), with `MADV_DONTNEED` and never lazily (`muzzy_decay_ms:0`). Lazily freed pages (`MADV_FREE`) stay in
 * the process's RSS until the kernel is short of memory: up to 90 MB (`LazyFree` in `/proc/<pid>/smaps_rollup`) at
 * the peak of a 10 M read probe (docs/performance-scale.md, "Where the RSS goes").
 */
export function duckDbAllocatorConf(decayMs: number): string {
  return `dirty_decay_ms:${decayMs},muzzy_decay_ms:0`;
}

/**
 * Puts DuckDB's allocator options in this process's environment before a worker loads DuckDB (`process.env` on
 * the main thread is the process's own environment, which the worker's native code reads), unless the operator set
 * `DUCKDB_JE_MALLOC_CONF` already. It takes effect only if DuckDB is not loaded in the process yet. Says what applies.
 */
export function configureDuckDbAllocator(decayMs: number, env: NodeJS.ProcessEnv = process.env): string {
  env[DUCKDB_ALLOCATOR_ENV] ||= duckDbAllocatorConf(decayMs);
  return env[DUCKDB_ALLOCATOR_ENV]!;
}
