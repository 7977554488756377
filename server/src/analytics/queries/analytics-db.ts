import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** What a query needs from the engine: run SQL with `?` parameters and get plain JS rows back. */
export interface AnalyticsDb {
  all<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A whole number binds as BIGINT (so `ts >= ?` compares integers and prunes by zonemap), anything else as given. */
function bindable(value: unknown): DuckDBValue {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (value === undefined) return null;
  return value as DuckDBValue;
}

/** Turns DuckDB's BIGINT/HUGEINT results (bigint) into numbers; counts and sums stay far below 2^53. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** `AnalyticsDb` over a DuckDB connection (the engine's worker uses it; so do the tests). */
export function duckDbAnalytics(connection: DuckDBConnection): AnalyticsDb {
  return {
    async all<Row>(sql: string, params: readonly unknown[] = []) {
      const reader = await connection.runAndReadAll(sql, params.map(bindable));
      return reader
        .getRowObjectsJS()
        .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)])) as Row);
    },
  };
}
