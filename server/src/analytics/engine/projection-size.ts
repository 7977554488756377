import type { DuckDBConnection } from '@duckdb/node-api';
import { statSync } from 'node:fs';

/** Events in the projection, and its bytes: the file and its WAL on disk, or DuckDB's memory for `:memory:`. */
export async function projectionSize(
  connection: DuckDBConnection,
  file: string,
): Promise<{ rows: number; bytes: number }> {
  const rows = Number(
    (await connection.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0]?.n ?? 0,
  );
  if (file !== ':memory:') return { rows, bytes: sizeOf(file) + sizeOf(`${file}.wal`) };
  const memory = (
    await connection.runAndReadAll('SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()')
  ).getRowObjectsJS()[0];
  return { rows, bytes: Number(memory?.bytes ?? 0) };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
