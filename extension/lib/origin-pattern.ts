/** `https://crm.example.com` from what staff type (`crm.example.com`, a full URL, …); undefined when it is none. */
export function normalizeOrigin(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    return /^https?:$/.test(url.protocol) && url.hostname ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The match pattern for an origin. Match patterns carry no port (Chrome ignores it when matching hosts), so
 * `http://127.0.0.1:8787` grants every port of 127.0.0.1.
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
