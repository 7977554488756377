import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inTurn } from '../in-turn.ts';
import type { SqlDatabase } from './sql-database.ts';
import { directSqliteOperations } from './sqlite-operations.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startBackgroundCheckpoints } from './sqlite-checkpoints.ts';
import type { BackgroundCheckpoints } from './sqlite-checkpoints.ts';

/** How a SQLite database is opened. */
export interface SqliteOptions {
  /**
   * A read-only connection to an existing file, as the event-list worker opens next to the API's own: WAL lets
   * it read while the API writes (https://www.sqlite.org/wal.html#concurrency). It leaves the file's modes alone.
   */
  readOnly?: boolean;
  /**
   * The connection's page cache in KiB; unset keeps this build of SQLite's 16 MB. A connection that pages through
   * the file rather than working on the same pages again (the event listing) needs far less
   * (https://www.sqlite.org/pragma.html#pragma_cache_size).
   */
  cacheKib?: number;
  /**
   * Checkpoints the WAL on a thread of its own instead of in the commits (the server's record): on a copy of the 10
   * million events record, inserts took 64-132 µs a row with checkpoints in the commits, 47-77 µs without
   * (docs/operations.md, "WAL checkpoints on SQLite"). Ignored for `:memory:` and read-only connections.
   */
  backgroundCheckpoints?: boolean;
}

/**
 * Opens (creating) a SQLite database file in WAL mode as a `SqlDatabase`. better-sqlite3 is synchronous, so a
 * transaction whose work awaits could interleave with another request's statements on the one connection;
 * every operation therefore goes through one queue, and a transaction holds the queue until it ends.
 */
export function openSqliteDatabase(
  file: string,
  { readOnly = false, cacheKib, backgroundCheckpoints = false }: SqliteOptions = {},
): SqlDatabase {
  if (readOnly) return sqliteDatabase(file, new Database(file, { readonly: true, fileMustExist: true }), { cacheKib });
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never wait for a writer, and a commit appends to one file instead of rewriting pages in place.
  // synchronous=NORMAL is what SQLite recommends with WAL (https://www.sqlite.org/pragma.html#pragma_synchronous):
  // commits are not fsynced one by one, only at checkpoints. The database cannot be corrupted, and a crash of
  // this process loses nothing; a power cut or OS crash can roll back the last commits since the checkpoint.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (!backgroundCheckpoints || file === ':memory:') return sqliteDatabase(file, db, { cacheKib });
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return sqliteDatabase(file, db, { cacheKib, checkpoints: startBackgroundCheckpoints(file) });
}

/** The `SqlDatabase` over an open connection, with a page cache of `cacheKib` KiB when given. */
function sqliteDatabase(
  file: string,
  db: Database.Database,
  { cacheKib, checkpoints }: { cacheKib?: number; checkpoints?: BackgroundCheckpoints } = {},
): SqlDatabase {
  db.pragma('busy_timeout = 5000');
  if (cacheKib !== undefined) db.pragma(`cache_size = -${Math.max(0, Math.floor(cacheKib))}`);
  const direct = directSqliteOperations(db);
  const exclusive = inTurn();
  return {
    dialect: 'sqlite',
    ...(file === ':memory:' ? {} : { location: { kind: 'sqlite', file } }),
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (work) => exclusive(() => immediateTransaction(db, () => work(direct))),
    close: () =>
      exclusive(async () => {
        await checkpoints?.stop();
        await direct.close();
      }),
  };
}

/** Runs `work` between BEGIN IMMEDIATE and COMMIT, rolling back if it throws and SQLite has not already. */
async function immediateTransaction<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
