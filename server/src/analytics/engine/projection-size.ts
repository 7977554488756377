import type { DuckDBConnection } from '@duckdb/node-api';
import { statSync } from 'node:fs';
import { STATE_KEYS } from '../projection/schema.ts';

/**
 * Events in the projection with the watermark they are as of, and its bytes: the file and its WAL on disk, or
 * DuckDB's memory for `:memory:`.
 */
export async function projectionSize(
  connection: DuckDBConnection,
  file: string,
): Promise<{ rows: number; bytes: number; rowsWatermark: number }> {
  // One statement, one snapshot: a commit between two reads would count its rows and leave its watermark behind.
  const counted = (
    await connection.runAndReadAll(
      'SELECT (SELECT count(*) FROM events) AS n, (SELECT value FROM projection_state WHERE key = ?) AS watermark',
      [STATE_KEYS.watermark],
    )
  ).getRowObjectsJS()[0];
  const rows = Number(counted?.n ?? 0);
  const rowsWatermark = Number(counted?.watermark ?? 0);
  if (file !== ':memory:') return { rows, rowsWatermark, bytes: sizeOf(file) + sizeOf(`${file}.wal`) };
  const memory = (
    await connection.runAndReadAll('SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()')
  ).getRowObjectsJS()[0];
  return { rows, rowsWatermark, bytes: Number(memory?.bytes ?? 0) };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
