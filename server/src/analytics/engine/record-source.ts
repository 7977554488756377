import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresRecordSource } from './postgres-record-source.ts';

/** One event of the system of record: its monotonic position and its stored JSON body. */
export interface RecordRow {
  seq: number;
  body: string;
}

/** Reads the record in position order, for the projector (inside the analytics worker). */
export interface RecordSource {
  /** Up to `limit` rows with a position after `seq`, in position order; only committed rows. */
  readAfter(seq: number, limit: number): Promise<RecordRow[]>;
  /** How many rows have a position after `seq` (the projection's lag and a rebuild's total), when the source can tell. */
  pending?(seq: number): Promise<number>;
  close(): Promise<void>;
}

/** Where the record lives, as plain data a worker thread can be given. */
export type RecordLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; searchPath?: string };

/** Opens the record source for `location`: the SQLite file, or the PostgreSQL database (its own module). */
export async function openRecordSource(location: RecordLocation): Promise<RecordSource> {
  return location.kind === 'sqlite'
    ? openSqliteRecordSource(location.file)
    : withPostgresCount(openPostgresRecordSource(location.url, location.searchPath), location);
}

/** Adds `pending` to the PostgreSQL source: a count by `seq` on a connection of its own (an estimate above the barrier). */
function withPostgresCount(source: RecordSource, location: { url: string; searchPath?: string }): RecordSource {
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 1,
    options: location.searchPath ? `-c search_path=${location.searchPath}` : undefined,
  });
  pool.on('error', (error) => console.error('[crm-insights] record count connection error', error.message));
  return {
    readAfter: (seq, limit) => source.readAfter(seq, limit),
    async pending(seq) {
      return Number(
        (await pool.query<{ pending: string }>('SELECT count(*) AS pending FROM events WHERE seq > $1', [seq])).rows[0]
          ?.pending ?? 0,
      );
    },
    async close() {
      await source.close();
      await pool.end();
    },
  };
}

/** The record reader's SQLite page cache in KiB. */
const RECORD_READER_CACHE_KIB = 2048;

/**
 * The SQLite record read through its own read-only connection. The position is the implicit `rowid`: SQLite
 * gives a new row max(rowid) + 1 (https://www.sqlite.org/autoinc.html) and writes are serialized, so committed
 * rows appear in rowid order; the purge never deletes the newest row, so a rowid is never handed out twice. WAL
 * lets this connection read while the API process writes, without blocking either.
 */
function openSqliteRecordSource(file: string): RecordSource {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // This connection reads each new row once, in rowid order, so a page is never read again: 2 MB of page cache
  // instead of the 16 MB this build of SQLite gives each connection (https://www.sqlite.org/pragma.html#pragma_cache_size).
  db.pragma(`cache_size = -${RECORD_READER_CACHE_KIB}`);
  const after = db.prepare<[number, number], RecordRow>(
    'SELECT rowid AS seq, body FROM events WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  const count = db.prepare<[number], { pending: number }>('SELECT count(*) AS pending FROM events WHERE rowid > ?');
  return {
    async readAfter(seq, limit) {
      return after.all(seq, limit);
    },
    async pending(seq) {
      return count.get(seq)?.pending ?? 0;
    },
    async close() {
      db.close();
    },
  };
}
