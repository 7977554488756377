import { expect, it } from 'vitest';
import { groupWrites } from './group-writes.ts';
import type { SqlDatabase } from './sql-database.ts';

/** A database that only counts transactions: `groupWrites` needs nothing else from it. */
function countingDatabase() {
  const counts = { transactions: 0 };
  const db = {
    async transaction<T>(work: (tx: SqlDatabase) => Promise<T>) {
      counts.transactions += 1;
      return work(db);
    },
  } as SqlDatabase;
  return { db, counts };
}

it('writes inputs that arrive together in one transaction and answers each its own output', async () => {
  const { db, counts } = countingDatabase();
  const calls: number[][] = [];
  const double = groupWrites(db, async (_tx, inputs: readonly number[]) => {
    calls.push([...inputs]);
    return inputs.map((input) => input * 2);
  });
  expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
  expect(calls).toEqual([[1, 2, 3]]);
  expect(counts.transactions).toBe(1);
  expect(await double(4)).toBe(8);
  expect(calls).toEqual([[1, 2, 3], [4]]);
});

it('retries a failed group one input per transaction, so only the bad input fails', async () => {
  const { db, counts } = countingDatabase();
  const calls: number[][] = [];
  const check = groupWrites(db, async (_tx, inputs: readonly number[]) => {
    calls.push([...inputs]);
    if (inputs.includes(13)) throw new Error('unlucky');
    return inputs.map(String);
  });
  const answers = await Promise.allSettled([check(1), check(13), check(2)]);
  expect(answers).toEqual([
    { status: 'fulfilled', value: '1' },
    { status: 'rejected', reason: new Error('unlucky') },
    { status: 'fulfilled', value: '2' },
  ]);
  expect(calls).toEqual([[1, 13, 2], [1], [13], [2]]);
  expect(counts.transactions).toBe(4);
});

it('runs a write that is one statement without a transaction around it, grouped and retried alike', async () => {
  const { db, counts } = countingDatabase();
  const seen: SqlDatabase[] = [];
  const check = groupWrites(
    db,
    async (on, inputs: readonly number[]) => {
      seen.push(on);
      if (inputs.includes(13)) throw new Error('unlucky');
      return inputs.map(String);
    },
    { transaction: false },
  );
  const answers = await Promise.allSettled([check(1), check(13)]);
  expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected']);
  expect(counts.transactions).toBe(0);
  expect(seen).toEqual([db, db, db]);
});
