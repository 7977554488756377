import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { keptSchema } from './scale-schema.ts';

const url = process.env.TEST_DATABASE_URL;
const name = `scale_kept_test_${process.pid}`;

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)(`the kept PostgreSQL schema${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  afterAll(() => sql(`DROP SCHEMA IF EXISTS ${name} CASCADE`));

  it('creates a missing schema, says when it holds tables, and never drops it', async () => {
    const fresh = await keptSchema(url!, name);
    expect(fresh.record).toEqual({ name: `postgres schema ${name}`, holdsTables: false });
    expect(new URL(fresh.url).searchParams.get('options')).toBe(`-c search_path=${name}`);
    await sql(`CREATE TABLE ${name}.events (id text)`);
    await fresh.drop();
    const again = await keptSchema(url!, name);
    expect(again.record.holdsTables).toBe(true);
    const left = await sql(
      `SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = '${name}'`,
    );
    expect(left.rows[0].count).toBe(1);
  });

  it('refuses a name that is not a plain lower-case identifier, before touching the database', async () => {
    await expect(keptSchema(url!, 'Scale; DROP SCHEMA public')).rejects.toThrow(/not a plain lower-case/);
    const schemas = await sql("SELECT count(*)::int AS count FROM pg_namespace WHERE nspname LIKE 'Scale%'");
    expect(schemas.rows[0].count).toBe(0);
  });
});
