/** Shows a JSON value compactly. */
export function showJson(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
