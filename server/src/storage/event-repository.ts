import { groupWrites } from './group-writes.ts';
import type { SqlDatabase, SqlValue } from './sql-database.ts';
import type { EventPage, EventQuery, InsertResult, StoredEvent } from './types.ts';

/** Events per SQLite INSERT statement: 10 parameters each, far below its parameter limit. */
const INSERT_CHUNK = 100;

/** Stores events once by id and reads them back. Nothing is derived on ingest: the analytics engine projects the record. */
export interface EventRepository {
  insert(events: readonly StoredEvent[]): Promise<InsertResult>;
  list(query: EventQuery): Promise<EventPage>;
}

/**
 * The events repository on either database; concurrent inserts share a write (see `groupWrites`). PostgreSQL's
 * write is one statement, atomic on its own, so it runs without BEGIN and COMMIT around it.
 */
export function createEventRepository(db: SqlDatabase): EventRepository {
  return {
    insert: groupWrites(db, insertBatches, { transaction: db.dialect === 'sqlite' }),
    list: (query) => listEvents(db, query),
  };
}

/**
 * Stores several batches in one write, each counted as if stored alone in arrival order: an id repeated
 * in a batch, in an earlier batch of the group, or already stored is a duplicate; the first copy is the one stored.
 */
async function insertBatches(db: SqlDatabase, batches: readonly (readonly StoredEvent[])[]): Promise<InsertResult[]> {
  const claimed = new Set<string>();
  const firsts = batches.map((events) => events.filter((event) => !claimed.has(event.id) && claimed.add(event.id)));
  const rows = firsts.flat();
  const stored = db.dialect === 'postgres' ? await insertPostgres(db, rows) : await insertSqlite(db, rows);
  return batches.map((events, index) => {
    const accepted = firsts[index]!.filter((event) => stored.has(event.id)).length;
    return { accepted, duplicates: events.length - accepted };
  });
}

const COLUMNS = 'id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body';

/** An event's values in `COLUMNS` order. */
function columnValues(event: StoredEvent): SqlValue[] {
  return [
    event.id,
    event.type,
    event.name ?? null,
    event.ts,
    event.correctedTs,
    event.receivedAt,
    event.sessionId,
    event.anonymousId,
    event.userId ?? null,
    JSON.stringify(event),
  ];
}

/** SQLite: one multi-row INSERT per chunk (`events.id` is the primary key); returns the ids that were new. */
async function insertSqlite(tx: SqlDatabase, rows: readonly StoredEvent[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const params: SqlValue[] = [];
    for (const event of chunk) params.push(...columnValues(event));
    const values = Array.from({ length: chunk.length }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    // One multi-row statement per chunk: a statement per event would dominate.
    const inserted = await tx.all<{ id: string }>(
      `INSERT INTO events (${COLUMNS}) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    for (const row of inserted) stored.add(row.id);
  }
  return stored;
}

/**
 * PostgreSQL: every row in one call of `insert_events` (migration `events-003-insert-function`), which takes the
 * record barrier, puts the ids into the unpartitioned `event_ids` and only the rows whose id was new into the
 * partitioned `events`: no index can make ids unique across partitions. One round trip, one snapshot, committed
 * before it answers. Returns the ids that were new.
 */
async function insertPostgres(db: SqlDatabase, rows: readonly StoredEvent[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const columns: SqlValue[][] = Array.from({ length: 10 }, () => []);
  for (const event of rows) {
    const values = columnValues(event);
    for (let index = 0; index < values.length; index++) columns[index]!.push(values[index] ?? null);
  }
  const inserted = await db.all<{ id: string }>(
    'SELECT id FROM insert_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) AS id',
    columns.map(postgresArray),
  );
  return new Set(inserted.map((row) => row.id));
}

/** Characters `JSON.stringify` escapes other than `"` and `\\`: control characters and (lone) surrogates. */
const JSON_ONLY_ESCAPES = /[\u0000-\u001f\ud800-\udfff]/;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`): every element quoted, backslash and double quote escaped
 * (https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO), so the `SqlDatabase` seam passes text, and
 * the function's parameter types (`TEXT[]`, `BIGINT[]`) read it. A string with nothing but those two to escape
 * is quoted by `JSON.stringify`, which escapes exactly them then: a native pass, half the main thread's time of
 * two `replace` passes over a JSON body full of quotes (the bodies have no control characters, being JSON).
 */
function postgresArray(values: readonly SqlValue[]): string {
  const elements = values.map((value) => {
    if (value === null) return 'NULL';
    const text = String(value);
    return JSON_ONLY_ESCAPES.test(text)
      ? `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
      : JSON.stringify(text);
  });
  return `{${elements.join(',')}}`;
}

async function listEvents(db: SqlDatabase, query: EventQuery): Promise<EventPage> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const filters: [keyof EventQuery, string][] = [
    ['type', 'type = ?'],
    ['name', 'name = ?'],
    ['sessionId', 'session_id = ?'],
    ['userId', 'user_id = ?'],
    ['since', 'corrected_ts >= ?'],
    ['until', 'corrected_ts < ?'],
  ];
  for (const [key, clause] of filters) {
    const value = query[key];
    if (value !== undefined) {
      where.push(clause);
      params.push(value as string | number);
    }
  }
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    const after = order === 'ASC' ? '>' : '<';
    where.push(`(corrected_ts ${after} ? OR (corrected_ts = ? AND id ${after} ?))`);
    // PostgreSQL's BIGINT column holds only whole numbers within ±2^63, so a cursor time outside them was made up;
    // bounded and rounded, it still parses as a BIGINT (SQLite compares any number as it is).
    const ts =
      db.dialect === 'postgres' ? Math.round(Math.max(-BIGINT_MAX, Math.min(BIGINT_MAX, cursor.ts))) : cursor.ts;
    params.push(ts, ts, cursor.id);
  }
  const rows = await db.all<{ body: string }>(
    `SELECT body FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY corrected_ts ${order}, id ${order} LIMIT ?`,
    [...params, query.limit + 1],
  );
  const events = rows.slice(0, query.limit).map((row) => JSON.parse(row.body) as StoredEvent);
  const last = events[events.length - 1];
  return { events, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
}

/**
 * Cursors are opaque to clients: base64url of the last row's sort key. The time is written as JavaScript prints
 * it, so any stored value (negative, fractional, 1e+21 from before times were bounded) reads back exactly.
 */
function encodeCursor(event: Pick<StoredEvent, 'correctedTs' | 'id'>): string {
  return Buffer.from(`${event.correctedTs}:${event.id}`).toString('base64url');
}

/** The largest whole number a PostgreSQL BIGINT holds that JavaScript prints without an exponent. */
const BIGINT_MAX = 9_000_000_000_000_000_000;
const CURSOR = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?):([^:]{1,100})$/;

/** Reads a cursor back; a RangeError means the client made it up. */
function decodeCursor(cursor: string | undefined): { ts: number; id: string } | undefined {
  if (!cursor) return undefined;
  const match = cursor.length <= 200 ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  const ts = Number(match?.[1]);
  if (!match || !Number.isFinite(ts)) throw new RangeError('cursor is not one this server issued');
  return { ts, id: match[2]! };
}
