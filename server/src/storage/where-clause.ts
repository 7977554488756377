import type { SqlValue } from './sql-database.ts';

/** A condition with its `?` values, or a falsy value for a filter that was not asked for. */
export type Condition = readonly [sql: string, ...values: SqlValue[]] | false | undefined | '' | 0;

/** The `WHERE` clause (empty when nothing is asked) and its values, from the conditions that apply, joined by AND. */
export function whereClause(conditions: readonly Condition[]): { sql: string; params: SqlValue[] } {
  const applied = conditions.filter((condition): condition is Exclude<Condition, false | undefined | '' | 0> =>
    Boolean(condition),
  );
  return {
    sql: applied.length ? `WHERE ${applied.map(([sql]) => sql).join(' AND ')}` : '',
    params: applied.flatMap(([, ...values]) => values),
  };
}
