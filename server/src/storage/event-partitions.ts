import type { SqlDatabase } from './sql-database.ts';

/**
 * PostgreSQL's monthly partitions of `events` (see `event-partition-migrations.ts`): which exist, and making
 * the ones that are needed. Rows whose month has no partition land in `events_default`; creating that month's
 * partition moves them out of it. SQLite has no partitions: every function here is a no-op there.
 */

/** One month's partition: rows with `from <= corrected_ts < to` (epoch milliseconds, UTC months). */
export interface EventPartition {
  name: string;
  from: number;
  to: number;
}

/** Months created ahead of time, besides the current one, so no ordinary row ever lands in the default partition. */
const MONTHS_AHEAD = 2;
/** Serialises partition changes between API processes sharing one database (any 32-bit key no other lock uses). */
const PARTITION_LOCK = 7263021;

/** The UTC month that holds `ms`, as a partition: `events_p202611` for November 2026. */
export function monthPartition(ms: number): EventPartition {
  const date = new Date(ms);
  const from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const to = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { name: `events_p${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`, from, to };
}

/** Reads `FOR VALUES FROM ('1')  TO ('2')` (as `pg_get_expr` prints a range bound) into numbers. */
export function parseRangeBound(bound: string): { from: number; to: number } | undefined {
  const match = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(bound);
  return match ? { from: Number(match[1]), to: Number(match[2]) } : undefined;
}

/** The month partitions of `events` (not the default one), oldest first; empty on SQLite. */
export async function listEventPartitions(db: SqlDatabase): Promise<EventPartition[]> {
  if (db.dialect !== 'postgres') return [];
  const rows = await db.all<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
  );
  return rows
    .flatMap((row) => {
      const range = parseRangeBound(row.bound);
      return range ? [{ name: row.name, ...range }] : [];
    })
    .sort((a, b) => a.from - b.from);
}

/**
 * Makes sure the month of `now`, the one before it and the `MONTHS_AHEAD` after it have partitions, and that every month with
 * rows waiting in the default partition gets one (those rows move into it). Returns the partitions created.
 * Run at start and daily; safe to run from several processes at once.
 */
export async function ensureEventPartitions(db: SqlDatabase, now = Date.now()): Promise<string[]> {
  if (db.dialect !== 'postgres') return [];
  const wanted = new Map<string, EventPartition>();
  // From the month before (late deliveries: outboxes of offline tabs, clocks corrected back over the boundary).
  let month = monthPartition(monthPartition(now).from - 1);
  for (let index = -1; index <= MONTHS_AHEAD; index++, month = monthPartition(month.to)) wanted.set(month.name, month);
  // The default partition only holds what arrived for a month without a partition: normally nothing.
  const waiting = await db.all<{ month: number }>(
    `SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(corrected_ts / 1000.0) AT TIME ZONE 'UTC')) * 1000)::BIGINT AS month FROM events_default`,
  );
  for (const row of waiting) wanted.set(monthPartition(row.month).name, monthPartition(row.month));
  const existing = new Set((await listEventPartitions(db)).map((partition) => partition.name));
  const created: string[] = [];
  for (const partition of wanted.values()) {
    if (!existing.has(partition.name) && (await createMonthPartition(db, partition))) created.push(partition.name);
  }
  return created;
}

/**
 * Creates one month's partition, moving its rows out of the default partition first: attaching a range the
 * default partition still holds rows of is refused (https://www.postgresql.org/docs/15/ddl-partitioning.html).
 */
async function createMonthPartition(db: SqlDatabase, partition: EventPartition): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.get('SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))', [PARTITION_LOCK]);
    if (
      await tx.get(
        'SELECT 1 FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace',
        [partition.name],
      )
    )
      return false;
    await tx.exec(`CREATE TABLE ${partition.name} (LIKE events INCLUDING DEFAULTS)`);
    await tx.run(
      `WITH moved AS (DELETE FROM events_default WHERE corrected_ts >= ? AND corrected_ts < ? RETURNING *)
       INSERT INTO ${partition.name} SELECT * FROM moved`,
      [partition.from, partition.to],
    );
    await tx.exec(
      `ALTER TABLE events ATTACH PARTITION ${partition.name} FOR VALUES FROM (${partition.from}) TO (${partition.to})`,
    );
    return true;
  });
}
