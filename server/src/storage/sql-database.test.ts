import { expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberPlaceholders } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite.ts';

it.each([
  ['SELECT 1', 'SELECT 1'],
  ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
  ['SELECT \'?\' AS mark, "odd?" FROM t WHERE a = ?', 'SELECT \'?\' AS mark, "odd?" FROM t WHERE a = $1'],
  ["SELECT 'it''s?' WHERE x = ?", "SELECT 'it''s?' WHERE x = $1"],
])('numbers placeholders outside quotes: %s', (sql, expected) => {
  expect(numberPlaceholders(sql)).toBe(expected);
});

it('gives a SQLite connection the page cache asked for, and keeps the build default otherwise', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-cache-'));
  const file = join(dir, 'record.sqlite');
  const writer = openSqliteDatabase(file);
  const reader = openSqliteDatabase(file, { readOnly: true, cacheKib: 4096 });
  try {
    expect(await reader.get('PRAGMA cache_size')).toEqual({ cache_size: -4096 });
    expect(await writer.get('PRAGMA cache_size')).toEqual({ cache_size: -16000 });
  } finally {
    await reader.close();
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
