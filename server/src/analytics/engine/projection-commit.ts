import type { DuckDBConnection } from '@duckdb/node-api';
import { LOAD_TEST_TAG } from '../../load-test.ts';
import type { StoredEvent } from '../../storage/types.ts';
import { appendRows } from '../projection/append-rows.ts';
import { toEventRow } from '../projection/event-row.ts';
import type { EventRow } from '../projection/schema.ts';
import { STATE_KEYS } from '../projection/schema.ts';
import { copyNarrow, foldRollups } from '../projection/update-rollups.ts';
import { inTransaction } from './duckdb-transaction.ts';
import { isOutOfMemory } from './out-of-memory.ts';
import type { RecordRow } from './record-source.ts';

/**
 * Where a DuckDB projection's commits go: `connection` holds the projection, and with a `foldConnection` the
 * rollups are folded apart, so a commit does not fold. `committed` is the watermark last committed or read.
 */
export interface ProjectionWrites {
  connection: DuckDBConnection;
  foldConnection?: DuckDBConnection;
  committed?: number;
}

/**
 * Projects record `rows` (in position order) after watermark `from`, in one transaction; says how many rows could
 * not be projected.
 */
export async function commitRecordRows(
  writes: ProjectionWrites,
  from: number,
  rows: readonly RecordRow[],
): Promise<{ skipped: number }> {
  const { eventRows, skipped } = toEventRows(rows);
  const to = rows[rows.length - 1]!.seq;
  try {
    await commitRows(writes, from, to, eventRows);
    return { skipped };
  } catch (error) {
    // Out of memory says nothing about the rows: the pass fails and the projector tries them again later.
    if (isOutOfMemory(error)) throw error;
    // A row the database refuses (say a time beyond BIGINT, stored before times were bounded) must not hold
    // the projection back for good: the batch goes again row by row, and the rows refused are passed over.
    const message = errorMessage(error);
    console.error(
      `[crm-insights] analytics projector: batch ${from}..${to} refused (${message}); projecting it row by row`,
    );
    return { skipped: skipped + (await commitOneByOne(writes, from, rows, eventRows)) };
  }
}

/** Sets the projection's watermark to `seq`. */
export function setWatermark(connection: DuckDBConnection, seq: number) {
  return connection.run(
    'INSERT INTO projection_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [STATE_KEYS.watermark, BigInt(seq)],
  );
}

/**
 * Appends `eventRows`, copies them to the narrow tables (and folds them, with one connection) and moves the
 * watermark to `to`, all or nothing.
 */
async function commitRows(writes: ProjectionWrites, from: number, to: number, eventRows: readonly EventRow[]) {
  const { connection, foldConnection } = writes;
  await inTransaction(connection, async () => {
    if (eventRows.length) {
      await appendRows(connection, eventRows);
      await copyNarrow(connection, from, to);
    }
    if (!foldConnection) await foldRollups(connection, from, to);
    await setWatermark(connection, to);
  });
  // Only once COMMIT is through: a COMMIT that fails (out of memory) rolls the watermark back, and the batch comes
  // again from the old one, whose rows the narrow tables and rollups must then take.
  writes.committed = to;
}

/** Commits `rows` one at a time after `from`, passing over each one the database refuses; says how many. */
async function commitOneByOne(
  writes: ProjectionWrites,
  from: number,
  rows: readonly RecordRow[],
  eventRows: readonly EventRow[],
): Promise<number> {
  const bySeq = new Map(eventRows.map((row) => [row.seq, row]));
  let refused = 0;
  let previous = from;
  for (const { seq } of rows) {
    const row = bySeq.get(seq);
    try {
      await commitRows(writes, previous, seq, row ? [row] : []);
    } catch (error) {
      if (isOutOfMemory(error)) throw error;
      refused++;
      console.error(`[crm-insights] analytics projector passed over record row ${seq}: ${errorMessage(error)}`);
      await commitRows(writes, previous, seq, []);
    }
    previous = seq;
  }
  return refused;
}

function toEventRows(rows: readonly RecordRow[]): { eventRows: EventRow[]; skipped: number } {
  const eventRows: EventRow[] = [];
  let skipped = 0;
  for (const row of rows) {
    try {
      const event = JSON.parse(row.body) as StoredEvent;
      // A load test's events are deleted from the record right after it; analytics must never count them.
      if (event.tags?.includes(LOAD_TEST_TAG)) continue;
      eventRows.push(toEventRow(event, row.seq));
    } catch (error) {
      skipped++;
      console.error(`[crm-insights] analytics projector passed over record row ${row.seq}: ${errorMessage(error)}`);
    }
  }
  return { eventRows, skipped };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
