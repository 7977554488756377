import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite.ts';

describe('a SQLite database', () => {
  let dir: string;
  let db: SqlDatabase;
  const count = async (on: SqlDatabase = db) =>
    (await on.get<{ rows: number }>('SELECT count(*) AS rows FROM t'))?.rows;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-sqlite-'));
    db = openSqliteDatabase(join(dir, 'record.sqlite'));
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a statement that arrives while a transaction awaits after that transaction, not inside it', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (name) VALUES (?)', ['first']);
      await paused;
      await tx.run('INSERT INTO t (name) VALUES (?)', ['second']);
    });
    // Without the queue this read would run at once, on the one connection, inside the open transaction.
    const seen = count();
    resume();
    await transaction;
    expect(await seen).toBe(2);
  });

  it('rolls back every statement of a transaction that throws, nested ones included, and goes on', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO t (name) VALUES (?)', ['outer']);
        await tx.transaction((inner) => inner.run('INSERT INTO t (name) VALUES (?)', ['inner']));
        expect(await count(tx)).toBe(2);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(0);
    await db.transaction((tx) => tx.run('INSERT INTO t (name) VALUES (?)', ['later']));
    expect(await db.all('SELECT name FROM t')).toEqual([{ name: 'later' }]);
  });

  it('keeps serving after a statement fails, with parameters bound to the statement they came with', async () => {
    await expect(db.run('INSERT INTO nowhere VALUES (1)')).rejects.toThrow(/no such table/);
    expect(await db.run('INSERT INTO t (name) VALUES (?), (?)', ['a', 'b'])).toEqual({ changes: 2 });
    expect(await db.get('SELECT name FROM t WHERE name = ?', ['b'])).toEqual({ name: 'b' });
    expect(await db.get('SELECT name FROM t WHERE name = ?', ['c'])).toBeUndefined();
    expect(await db.all('SELECT name FROM t ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('says where its file is, for another connection to open it; an in-memory database has no place', async () => {
    const file = join(dir, 'record.sqlite');
    expect(db.location).toEqual({ kind: 'sqlite', file });
    expect(db.dialect).toBe('sqlite');
    const memory = openSqliteDatabase(':memory:');
    expect(memory.location).toBeUndefined();
    await memory.close();
  });

  it('closes once the work queued before the close is done', async () => {
    const insert = db.run('INSERT INTO t (name) VALUES (?)', ['queued']);
    const reader = openSqliteDatabase(join(dir, 'record.sqlite'), { readOnly: true });
    const closed = db.close();
    await expect(insert).resolves.toEqual({ changes: 1 });
    await closed;
    expect(await count(reader)).toBe(1);
    await reader.close();
    db = openSqliteDatabase(join(dir, 'record.sqlite'));
  });
});
