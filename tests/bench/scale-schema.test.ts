import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSchemaBytes } from './scale-process.ts';
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

  it("counts the time partitions of the schema's events beside its bytes", async () => {
    const other = `${name}_parts`;
    await keptSchema(url!, other);
    try {
      await sql(`CREATE TABLE ${other}.events (ts bigint) PARTITION BY RANGE (ts)`);
      await sql(`CREATE TABLE ${other}.events_default PARTITION OF ${other}.events DEFAULT`);
      await sql(`CREATE TABLE ${other}.events_p1 PARTITION OF ${other}.events FOR VALUES FROM (0) TO (10)`);
      await sql(`INSERT INTO ${other}.events SELECT generate_series(0, 99)`);
      const bytes = await postgresSchemaBytes(url!, other);
      expect(bytes.partitions).toBe(2);
      expect(bytes.total).toBeGreaterThan(0);
    } finally {
      await sql(`DROP SCHEMA ${other} CASCADE`);
    }
  });

  it('refuses a name that is not a plain lower-case identifier, before touching the database', async () => {
    await expect(keptSchema(url!, 'Scale; DROP SCHEMA public')).rejects.toThrow(/not a plain lower-case/);
    const schemas = await sql("SELECT count(*)::int AS count FROM pg_namespace WHERE nspname LIKE 'Scale%'");
    expect(schemas.rows[0].count).toBe(0);
  });
});
