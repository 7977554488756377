import pg from 'pg';
import { numberPlaceholders } from './sql-database.ts';
import type { SqlDatabase, SqlValue } from './sql-database.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens a PostgreSQL pool as a `SqlDatabase`. BIGINT (`COUNT(*)`, epoch milliseconds) and NUMERIC come back
 * from `pg` as strings by default, to protect values beyond 2^53; ours never are, and repositories must see
 * the same numbers SQLite gives them, so both are parsed here, per pool rather than globally.
 * `searchPath` puts every connection in one schema (the storage tests use a fresh schema each).
 */
export function openPostgresDatabase(
  connectionString: string,
  options: { searchPath?: string; max?: number } = {},
): SqlDatabase {
  const pool = createPool(connectionString, options);
  const operations = (client: pg.Pool | pg.PoolClient, transaction: SqlDatabase['transaction']): SqlDatabase => ({
    dialect: 'postgres',
    location: {
      kind: 'postgres',
      url: connectionString,
      ...(options.searchPath ? { searchPath: options.searchPath } : {}),
    },
    async all<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(numberPlaceholders(sql), params as SqlValue[])).rows as Row[];
    },
    async get<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(numberPlaceholders(sql), params as SqlValue[])).rows[0] as Row | undefined;
    },
    async run(sql, params = []) {
      return { changes: (await client.query(numberPlaceholders(sql), params as SqlValue[])).rowCount ?? 0 };
    },
    async exec(sql) {
      await client.query(sql);
    },
    transaction,
    async close() {
      await pool.end();
    },
    poolStats: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
  });
  // Inside a transaction, a nested one is part of it.
  const asTransaction = (client: pg.PoolClient): SqlDatabase => {
    const tx: SqlDatabase = operations(client, (inner) => inner(tx));
    return tx;
  };
  return operations(pool, (work) => inTransaction(pool, work, asTransaction));
}

/** The pool, with 64-bit integers and numerics read as numbers; an idle client's lost connection is only logged. */
function createPool(connectionString: string, options: { searchPath?: string; max?: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[crm-insights] PostgreSQL connection error', error.message));
  return pool;
}

/** Runs `work` in a transaction on a client of its own, which `asDatabase` gives the database's operations. */
async function inTransaction<T>(
  pool: pg.Pool,
  work: (tx: SqlDatabase) => Promise<T>,
  asDatabase: (client: pg.PoolClient) => SqlDatabase,
): Promise<T> {
  const client = await pool.connect();
  // The pool listens for errors only on idle clients: a checked-out one whose connection ends (a restart, a
  // failover, pg_terminate_backend) emits 'error' with no listener, which would end the process. Its queries
  // fail on their own; the error only tells the pool to discard the client.
  let lost: Error | undefined;
  const onLost = (error: Error) => {
    lost = error;
  };
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(asDatabase(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onLost);
    client.release(lost);
  }
}
