import type { SqlDatabase } from './sql-database.ts';

/** Writes several inputs in one transaction and answers one output per input, in the same order. */
export type GroupWrite<Input, Output> = (tx: SqlDatabase, inputs: readonly Input[]) => Promise<Output[]>;

/** How a group is written. */
export interface GroupWriteOptions {
  /**
   * `false` when `write` is a single statement, atomic and committed on its own: it then runs on `db` without
   * BEGIN and COMMIT, two round trips fewer on PostgreSQL. Default `true`.
   */
  transaction?: boolean;
}

interface Waiting<Input, Output> {
  input: Input;
  resolve(output: Output): void;
  reject(error: unknown): void;
}

/**
 * Group commit: inputs that arrive within one turn of the event loop (concurrent requests whose bodies came
 * in together) are written by one call of `write`, in one transaction, and each caller is answered after that
 * commit. A commit is the expensive part of a small write: on SQLite it appends every page the transaction
 * touched to the WAL, and index pages shared by consecutive batches are then written once per group instead
 * of once per batch; on PostgreSQL it waits for a WAL flush. If a group fails, its inputs are retried one per
 * transaction, so one input's failure never becomes another's.
 */
export function groupWrites<Input, Output>(
  db: SqlDatabase,
  write: GroupWrite<Input, Output>,
  { transaction = true }: GroupWriteOptions = {},
): (input: Input) => Promise<Output> {
  let waiting: Waiting<Input, Output>[] = [];
  const run = (inputs: readonly Input[]) =>
    transaction ? db.transaction((tx) => write(tx, inputs)) : write(db, inputs);

  const writeAlone = ({ input, resolve, reject }: Waiting<Input, Output>) =>
    run([input]).then(([output]) => resolve(output!), reject);

  const flush = async () => {
    const group = waiting;
    waiting = [];
    if (group.length === 1) return writeAlone(group[0]!);
    try {
      const outputs = await run(group.map((item) => item.input));
      for (const [index, item] of group.entries()) item.resolve(outputs[index]!);
    } catch {
      await Promise.all(group.map(writeAlone));
    }
  };

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      // setImmediate runs after the I/O callbacks of this turn, so every request that arrived with this one joins it.
      if (waiting.push({ input, resolve, reject }) === 1) setImmediate(flush);
    });
}
