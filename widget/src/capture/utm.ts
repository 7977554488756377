/** The campaign parameters of a URL's query (`utm_source` → `source`), or undefined when there are none. */
export function utmParameters(search: string): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  new URLSearchParams(search).forEach((value, key) => {
    if (!key.startsWith('utm_') || !value) return;
    found ??= {};
    found[key.slice(4)] = value.slice(0, 200);
  });
  return found;
}
