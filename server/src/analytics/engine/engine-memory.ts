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
