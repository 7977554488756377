/** Any value as text for a message: a string as it is, else its JSON, else `String(value)` (a cycle, a BigInt). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
