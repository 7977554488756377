import pg from 'pg';

/**
 * A schema of its own in the given PostgreSQL database, for one bench run: the database is shared (CI's and
 * other suites' `TEST_DATABASE_URL`), so the bench's tables and rows go in a fresh schema, dropped afterwards.
 * The server is pointed at it through the connection string's `options` parameter.
 */
export async function benchSchema(
  databaseUrl: string,
): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  return { url: schemaUrl(databaseUrl, schema), schema, drop: () => run(`DROP SCHEMA ${schema} CASCADE`) };
}

/** `databaseUrl` with its connections' `search_path` set to `schema`, so the server's tables go there. */
export function schemaUrl(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}
