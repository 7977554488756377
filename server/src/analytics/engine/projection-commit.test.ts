import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { NARROW_TABLES } from '../projection/schema.ts';
import { randomEvents } from '../queries/random-events.ts';
import { duckDbProjectionTarget, prepareProjection } from './duckdb-projection.ts';
import type { RecordRow } from './record-source.ts';

const EVENTS = randomEvents(600, 17);
const rows = (from: number, to: number): RecordRow[] =>
  EVENTS.slice(from, to).map((event, index) => ({ seq: from + index + 1, body: JSON.stringify(event) }));

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await prepareProjection(connection, false);
});
afterEach(() => instance.closeSync());

/**
 * The projection's connection, but its next `COMMIT` fails as DuckDB's does when it runs out of memory: nothing
 * else here can make a real COMMIT fail on demand.
 */
function failingNextCommit(real: DuckDBConnection): { connection: DuckDBConnection; failNextCommit(): void } {
  let fail = false;
  const run = (sql: string, ...rest: unknown[]) => {
    if (fail && sql === 'COMMIT') {
      fail = false;
      return Promise.reject(new Error('Out of Memory Error: could not allocate block of size 256 KiB'));
    }
    return (real.run as (sql: string, ...rest: unknown[]) => unknown)(sql, ...rest);
  };
  const connection = new Proxy(real, {
    get: (target, key) => (key === 'run' ? run : Reflect.get(target, key, target)),
  });
  return { connection, failNextCommit: () => (fail = true) };
}

const count = async (sql: string) => Number((await (await connection.runAndReadAll(sql)).getRows())[0]![0]);

it('projects a batch whose COMMIT failed whole when it is committed again, its narrow copies included', async () => {
  const failing = failingNextCommit(connection);
  const target = duckDbProjectionTarget(failing.connection);
  expect(await target.watermark()).toBe(0);
  await target.commit(rows(0, 300));
  failing.failNextCommit();
  await expect(target.commit(rows(300, 600))).rejects.toThrow(/Out of Memory/);
  expect(await count('SELECT count(*) FROM events')).toBe(300);
  // The projector's own watermark did not move: it reads the same batch again and commits it.
  await target.commit(rows(300, 600));
  expect(await count('SELECT count(*) FROM events')).toBe(600);
  for (const { table, where } of NARROW_TABLES)
    expect(await count(`SELECT count(*) FROM ${table}`), table).toBe(
      await count(`SELECT count(*) FROM events WHERE ${where}`),
    );
  expect(await count('SELECT count(*) FROM exposures')).toBe(
    await count("SELECT count(*) FROM events WHERE type = 'exposure'"),
  );
  expect(await count("SELECT value FROM projection_state WHERE key = 'watermark'")).toBe(600);
});
