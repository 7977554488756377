import { afterEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from './sql-database.ts';
import { openPostgresTestSchema } from './test-databases.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('[postgres tests] skipped because TEST_DATABASE_URL is not set');

describe.skipIf(!url)('PostgreSQL connections', () => {
  let db: SqlDatabase | undefined;
  const uncaught: unknown[] = [];
  const recordUncaught = (error: unknown) => void uncaught.push(error);
  afterEach(async () => {
    process.off('uncaughtException', recordUncaught);
    await db?.close();
  });

  it('fails a transaction whose connection the server ends, and the process and the pool carry on', async () => {
    process.on('uncaughtException', recordUncaught);
    const database = (await openPostgresTestSchema(url!)).db;
    db = database;
    const transaction = database.transaction(async (tx) => {
      const row = await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // What a database restart, a failover or an administrator does to a connection in the middle of a transaction.
      await database.get('SELECT pg_terminate_backend(?)', [row!.pid]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.get('SELECT 1');
    });

    await expect(transaction).rejects.toThrow();
    expect(uncaught).toEqual([]);
    expect(await database.get('SELECT 1 AS one')).toEqual({ one: 1 });
  });
});
