import { expect, it } from 'vitest';
import { numberPlaceholders } from './sql-database.ts';

it.each([
  ['SELECT 1', 'SELECT 1'],
  ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
  ['SELECT \'?\' AS mark, "odd?" FROM t WHERE a = ?', 'SELECT \'?\' AS mark, "odd?" FROM t WHERE a = $1'],
  ["SELECT 'it''s?' WHERE x = ?", "SELECT 'it''s?' WHERE x = $1"],
])('numbers placeholders outside quotes: %s', (sql, expected) => {
  expect(numberPlaceholders(sql)).toBe(expected);
});
