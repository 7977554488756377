import type { DuckDBConnection } from '@duckdb/node-api';
import {
  DAY_MS,
  NARROW_TABLES,
  PROJECTION_DDL,
  PROJECTION_VERSION,
  STATE_KEYS,
  UNFOLDED,
} from '../projection/schema.ts';
import {
  apiDailySql,
  apiDurationsSql,
  fillNarrowSql,
  foldRollups,
  vitalsDailySql,
} from '../projection/update-rollups.ts';
import { inTransaction } from './duckdb-transaction.ts';
import { commitRecordRows, setWatermark } from './projection-commit.ts';
import type { ProjectionWrites } from './projection-commit.ts';
import type { ProjectionTarget } from './projector.ts';

/**
 * Makes the projection's tables. A projection built by another `PROJECTION_VERSION`, or a `rebuild`, is
 * dropped first (every table of it), so it is built again from the record from position 0.
 */
export async function prepareProjection(connection: DuckDBConnection, rebuild: boolean): Promise<void> {
  const stored = await storedVersion(connection);
  if (rebuild || (stored !== undefined && stored !== PROJECTION_VERSION)) {
    for (const table of await tableNames(connection))
      await connection.run(`DROP TABLE IF EXISTS "${table.replaceAll('"', '""')}"`);
  }
  const existing = new Set(await tableNames(connection));
  for (const statement of PROJECTION_DDL) await connection.run(statement);
  // A narrow table added since this projection was built is filled from its events (seconds at 10 million events),
  // rather than the whole projection rebuilt from the record.
  for (const narrow of NARROW_TABLES)
    if (!existing.has(narrow.table)) await connection.run(fillNarrowSql(narrow, 'true'));
  if (!existing.has('rollup_api_durations_daily')) await connection.run(apiDurationsSql('true'));
  // A projection made before the fold had a watermark of its own folded everything it held, with its rows.
  await connection.run(
    `INSERT INTO rollup_state SELECT coalesce((SELECT value FROM projection_state WHERE key = ?), 0)
     WHERE NOT EXISTS (SELECT 1 FROM rollup_state)`,
    [STATE_KEYS.watermark],
  );
  await connection.run(
    'INSERT INTO projection_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [STATE_KEYS.version, BigInt(PROJECTION_VERSION)],
  );
}

/**
 * Deletes the projection's events before `before` (epoch ms) and their narrow copies, recounting the cut day's
 * rollups, at once; says how many events.
 */
export async function purgeProjection(connection: DuckDBConnection, before: number): Promise<number> {
  return inTransaction(connection, async () => {
    for (const { table } of NARROW_TABLES) await connection.run(`DELETE FROM ${table} WHERE ts < ?`, [BigInt(before)]);
    for (const sql of recountDaySql(Math.floor(before / DAY_MS))) await connection.run(sql);
    return (await connection.run('DELETE FROM events WHERE ts < ?', [BigInt(before)])).rowsChanged;
  });
}

/**
 * The day rollups of day `day`, whose events before the purge's cut are gone, counted again from what is left of
 * it (the percentile rollups only when the day is over). Earlier days keep their rollups, as every rollup does.
 */
function recountDaySql(day: number): string[] {
  const where = `ts >= ${day * DAY_MS} AND ts < ${(day + 1) * DAY_MS}`;
  const closed = `${day} NOT IN (SELECT day FROM rollup_pending_days)`;
  return [
    ...['rollup_api_durations_daily', 'rollup_api_daily', 'rollup_vitals_daily'].map(
      (table) => `DELETE FROM ${table} WHERE day = ${day}`,
    ),
    // Additive: only the rows folded so far, the fold adds the rest when it gets to them.
    apiDurationsSql(`${where} AND coalesce(NOT (${UNFOLDED}), true)`),
    `INSERT INTO rollup_api_daily ${apiDailySql(`${where} AND ${closed}`)}`,
    `INSERT INTO rollup_vitals_daily ${vitalsDailySql(`${where} AND ${closed}`)}`,
  ];
}

async function tableNames(connection: DuckDBConnection): Promise<string[]> {
  const rows = (
    await connection.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal")
  ).getRowObjectsJS();
  return rows.map((row) => String(row.table_name));
}

async function storedVersion(connection: DuckDBConnection): Promise<number | undefined> {
  const exists = (
    await connection.runAndReadAll(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'projection_state'",
    )
  ).getRowObjectsJS()[0];
  if (!exists || Number(exists.n) === 0) return undefined;
  const row = (
    await connection.runAndReadAll('SELECT value FROM projection_state WHERE key = ?', [STATE_KEYS.version])
  ).getRowObjectsJS()[0];
  // Tables but no version: made before versions were kept, so treat it as a different version.
  return row ? Number(row.value) : -1;
}

/** At most this many record positions per fold transaction: a fold after a rebuild or a long stop goes in steps. */
const FOLD_SPAN = 50_000;

/**
 * The DuckDB projection as the projector's target: typed rows appended to `events` and its narrow copies and the
 * watermark moved in one DuckDB transaction (a few ms at 10 million events). With a `foldConnection`, the rollups
 * are folded apart (`fold`), in transactions of their own with their own watermark, so reads never wait for them;
 * without one, every commit folds its rows too. A record row that cannot be turned into a projection row (it
 * should never happen: ingest validated it) is logged and passed over rather than stopping the projection for good.
 */
export function duckDbProjectionTarget(
  connection: DuckDBConnection,
  foldConnection?: DuckDBConnection,
): ProjectionTarget {
  const writes: ProjectionWrites = { connection, foldConnection };
  const read = async () => Number((await stateRow(connection)).watermark ?? 0);
  return {
    async watermark() {
      writes.committed = await read();
      return writes.committed;
    },
    async commit(rows) {
      return commitRecordRows(writes, writes.committed ?? (await read()), rows);
    },
    async rewind(seq) {
      await setWatermark(connection, seq);
      await connection.run('UPDATE rollup_state SET watermark = least(watermark, ?)', [BigInt(seq)]);
      writes.committed = seq;
    },
    ...(foldConnection
      ? {
          fold: () => foldOnce(foldConnection),
          folded: async () => Number((await stateRow(connection)).folded ?? 0),
        }
      : {}),
  };
}

/**
 * One fold transaction: the rows after the rollup watermark, up to the watermark its snapshot sees (at most
 * `FOLD_SPAN` positions), folded into the rollups from the projection's own rows, with the rollup watermark moved
 * in the same commit. A crash before the commit leaves rollups and rollup watermark as they were, so the next fold
 * takes the same rows again: nothing is lost or counted twice.
 */
async function foldOnce(connection: DuckDBConnection): Promise<{ folded: number; watermark: number }> {
  return inTransaction(connection, async () => {
    const state = await stateRow(connection);
    const from = Number(state.folded ?? 0);
    const to = Math.min(Number(state.watermark ?? 0), from + FOLD_SPAN);
    await foldRollups(connection, from, to);
    return { folded: Math.max(from, to), watermark: Number(state.watermark ?? 0) };
  });
}

/** The watermark and the rollup watermark, as this connection's transaction sees them. */
async function stateRow(connection: DuckDBConnection): Promise<{ watermark?: unknown; folded?: unknown }> {
  return (
    await connection.runAndReadAll(
      'SELECT (SELECT value FROM projection_state WHERE key = ?) AS watermark, (SELECT max(watermark) FROM rollup_state) AS folded',
      [STATE_KEYS.watermark],
    )
  ).getRowObjectsJS()[0]!;
}
