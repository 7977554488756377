import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SqlDatabase } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite.ts';

let dir: string;
let db: SqlDatabase | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-insights-checkpoints-'));
});
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Commits about 2 MB in 20 transactions: fewer WAL pages than SQLite's automatic checkpoint waits for (1,000). */
async function write(on: SqlDatabase): Promise<void> {
  await on.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  for (let commit = 0; commit < 20; commit++)
    await on.transaction(async (tx) => {
      for (let row = 0; row < 25; row++) await tx.run('INSERT INTO rows (body) VALUES (?)', ['x'.repeat(4000)]);
    });
}

const size = (file: string) => statSync(file).size;

async function grows(file: string, past: number, withinMs: number): Promise<boolean> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (size(file) > past) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

it('copies the WAL into the database on its own thread, without waiting for a commit to do it', async () => {
  const file = join(dir, 'background.sqlite');
  db = openSqliteDatabase(file, { backgroundCheckpoints: true });
  await write(db);
  // 2 MB committed: only a checkpoint puts those pages in the database file itself.
  expect(await grows(file, 1_500_000, 5000)).toBe(true);
  // The connection still reads and writes, and closes with its thread.
  expect(await db.get('SELECT count(*) AS rows FROM rows')).toEqual({ rows: 500 });
  await db.close();
  db = undefined;
});

it('leaves the same commits in the WAL without it (what the thread takes off the commits)', async () => {
  const file = join(dir, 'inline.sqlite');
  db = openSqliteDatabase(file);
  await write(db);
  expect(await grows(file, 1_500_000, 1000)).toBe(false);
  expect(size(`${file}-wal`)).toBeGreaterThan(1_500_000);
});
