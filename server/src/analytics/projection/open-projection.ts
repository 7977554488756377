import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { PROJECTION_DDL } from './schema.ts';

/** Opens (or creates) a projection database and its tables: a file path, or `:memory:` for tests. */
export async function openProjection(
  location: string,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(location);
  const connection = await instance.connect();
  for (const statement of PROJECTION_DDL) await connection.run(statement);
  return { instance, connection };
}
