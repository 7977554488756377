import { jsonPointer } from './sql-parts.ts';

/** One user property to split a series by: a trait (`identify` traits, carried on later events as `context.user`) or an event prop. */
export interface Breakdown {
  source: 'trait' | 'prop';
  key: string;
}

/** The SQL of a breakdown's value (a string; NULL when the event has none) and its parameter. */
export function breakdownSql(breakdown: Breakdown): { sql: string; values: unknown[] } {
  return {
    sql: `json_extract_string(${breakdown.source === 'trait' ? 'traits' : 'props'}, ?)`,
    values: [jsonPointer(breakdown.key)],
  };
}
