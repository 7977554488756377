import type { RecordLocation } from '../analytics/engine/record-source.ts';

/**
 * The SQL seam every repository is written against. Both implementations take `?` placeholders and plain
 * values, return plain rows with numbers as numbers (PostgreSQL's BIGINT and NUMERIC are parsed), so one query
 * text and one row type serve SQLite and PostgreSQL alike.
 */

/** A value a query can bind: booleans are stored as 0/1 so both databases compare them the same way. */
export type SqlValue = string | number | null;

/** Which SQL engine is behind a `SqlDatabase`; only migrations should ever need to branch on it. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A database connection (or pool) with the handful of operations repositories need. */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** Where the database lives, for another connection to open it (the analytics worker); none for `:memory:`. */
  readonly location?: RecordLocation;
  /** Every row of a query. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row of a query, if any. */
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Runs a statement and says how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Nested calls join the outer one. */
  transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Connections of a pool in use and queries waiting for one (PostgreSQL only; SQLite has one connection). */
  poolStats?(): { inUse: number; waiting: number };
}

/**
 * Rewrites `?` placeholders as PostgreSQL's `$1, $2, …`, leaving question marks inside quoted literals and
 * identifiers alone.
 */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  let quote: string | undefined;
  let out = '';
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      out += `$${++index}`;
    } else {
      out += char;
    }
  }
  return out;
}
