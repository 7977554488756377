/** `?, ?, ?` for a list parameter spread into the query's parameters. */
export function placeholders(list: readonly unknown[]): string {
  return list.map(() => '?').join(', ');
}

/** A JSON pointer (RFC 6901) to a top-level key, as DuckDB's json functions take it: any key, no quoting rules. */
export function jsonPointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** The SQL test that the JSON value at a pointer (the next parameter) is a number, as `typeof value === 'number'`. */
export const IS_JSON_NUMBER = "json_type(props, ?) IN ('UBIGINT', 'BIGINT', 'HUGEINT', 'DOUBLE')";

/** An epoch-ms day or bucket start as an ISO date (`2026-11-02`). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `a.localeCompare(b)`: the order the JS reads sort names in (SQL's byte order differs for mixed case). */
export function byLocale(a: string, b: string): number {
  return a.localeCompare(b);
}
