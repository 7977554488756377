import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openPostgresDatabase } from './postgres.ts';
import type { SqlDatabase } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite.ts';

/** Opens a fresh, empty database; closing it deletes it (the SQLite file, or the PostgreSQL schema). */
export type OpenTestDatabase = () => Promise<SqlDatabase>;

/**
 * Declares `body` once per database: SQLite always, PostgreSQL at `TEST_DATABASE_URL` (always set in CI).
 * Without it the PostgreSQL half shows up as skipped, with the reason in its title, rather than vanishing.
 * Each opened PostgreSQL database is its own schema, so test files running in parallel never meet.
 */
export function forEachTestDatabase(
  title: string,
  body: (open: OpenTestDatabase) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  describe(`${title} on sqlite`, () => body(openSqliteTestDatabase));
  const url = env.TEST_DATABASE_URL;
  if (!url)
    console.warn(
      `[storage tests] "${title}" ran on SQLite only: PostgreSQL skipped because TEST_DATABASE_URL is not set`,
    );
  describe.skipIf(!url)(`${title} on postgres${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () =>
    body(() => openPostgresTestDatabase(url!)),
  );
}

async function openSqliteTestDatabase(): Promise<SqlDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-db-'));
  const db = openSqliteDatabase(join(dir, 'test.sqlite'));
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresTestDatabase(url: string): Promise<SqlDatabase> {
  return (await openPostgresTestSchema(url)).db;
}

/** A fresh PostgreSQL schema and a database on it, for tests that also need the schema's name; closing drops it. */
export async function openPostgresTestSchema(url: string): Promise<{ db: SqlDatabase; schema: string }> {
  const schema = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = openPostgresDatabase(url, { searchPath: schema, max: 4 });
  const close = async () => {
    await db.close();
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
    await cleanup.end();
  };
  return { schema, db: { ...db, close } };
}
