import pg from 'pg';
import { schemaUrl } from './bench-schema.ts';
import type { KeptRecord } from './scale-store.ts';

/** A PostgreSQL schema the scale bench runs in: a fresh one it drops, or the kept one of `SCALE_PG_SCHEMA`. */
export interface ScaleSchema {
  url: string;
  schema: string;
  /** Drops a fresh schema; does nothing for a kept one (it may have taken hours to load). */
  drop(): Promise<void>;
}

/** The manifest's `record` value of a kept PostgreSQL store. */
export const pgRecordName = (schema: string) => `postgres schema ${schema}`;

// An unquoted PostgreSQL identifier, lower case: the name goes into `search_path` and DDL as it is.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the kept schema `name` (`SCALE_PG_SCHEMA`): created when missing, never dropped, and reported as holding
 * tables when it does, so a folder without a manifest cannot adopt someone else's data.
 */
export async function keptSchema(databaseUrl: string, name: string): Promise<ScaleSchema & { record: KeptRecord }> {
  if (!SCHEMA_NAME.test(name))
    throw new Error(`SCALE_PG_SCHEMA "${name}" is not a plain lower-case PostgreSQL name (a-z, 0-9, _; 63 at most)`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ count: string }>(
      'SELECT count(*) AS count FROM information_schema.tables WHERE table_schema = $1',
      [name],
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${name}`);
    return {
      url: schemaUrl(databaseUrl, name),
      schema: name,
      drop: async () => {},
      record: { name: pgRecordName(name), holdsTables: Number(tables.rows[0]!.count) > 0 },
    };
  } finally {
    await client.end();
  }
}
