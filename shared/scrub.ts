/**
 * Removes personal data and secrets from text before anything leaves the page: emails, bearer tokens, API keys,
 * JWTs, card numbers (only digit runs that pass the Luhn check, so order numbers and phone numbers survive) and
 * the values of sensitive query parameters. Pure and isomorphic; the widget runs it on every event.
 */

/** Query parameters whose values are always removed from URLs; callers add their own. */
const DEFAULT_SCRUBBED_PARAMS = [
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'code',
  'auth',
  'signature',
  'sig',
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
// Vendor key shapes (Stripe-style sk_/pk_/rk_, GitHub, AWS, Slack, Google) and `api_key: value` pairs.
const API_KEY =
  /\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})/g;
const KEY_PAIR =
  /\b((?:api[_-]?key|secret|password|passwd|access[_-]?token|auth[_-]?token)["']?\s*[:=]\s*["']?)[^\s"'&,;]{4,}/gi;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// A cheap test that every value the patterns above can match passes (a superset: `@` for an email, the words and
// prefixes the others start with, 13 digits with optional separators for a card). Most values pass none, so they
// skip the replaces. Plain words and one digit run, not the six patterns joined: V8 compiles a regular expression
// on its first use and again to machine code on its second, and the joined case-insensitive pattern cost about ten
// times as much there (milliseconds on the page's main thread at start, and its code stays in the heap).
const ANY =
  /@|\d(?:[ -]?\d){12}|bearer|basic|token|eyj|[spr]k_|gh[pousr]_|akia|xox[abprs]-|aiza|api[_-]?key|secret|passw/i;

/** True when a digit string passes the Luhn checksum every payment card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** Scrubs one string of free text (a message, a breadcrumb, a property value). */
export function scrubText(text: string): string {
  if (!ANY.test(text)) return text;
  return text
    .replace(JWT, '[jwt]')
    .replace(BEARER, (_match, scheme: string) => `${scheme} [token]`)
    .replace(API_KEY, '[api-key]')
    .replace(KEY_PAIR, (_match, prefix: string) => `${prefix}[redacted]`)
    .replace(EMAIL, '[email]')
    .replace(CARD, (match) => (passesLuhn(match.replace(/[ -]/g, '')) ? '[card]' : match));
}

/**
 * Scrubs a URL: the values of sensitive query parameters (the defaults plus `params`, case-insensitive) become
 * `[redacted]`, and the rest is scrubbed as text. Relative URLs and non-URLs are handled as text.
 */
export function scrubUrl(url: string, params: readonly string[] = []): string {
  const names = new Set([...DEFAULT_SCRUBBED_PARAMS, ...params].map((name) => name.toLowerCase()));
  const scrubbed = url.replace(/([?&#;])([^=&#;]+)=([^&#;]*)/g, (match, separator: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // Keep the raw name.
    }
    return names.has(decoded.toLowerCase()) ? `${separator}${name}=[redacted]` : match;
  });
  // Percent-encoded emails (`ada%40example.com`) are emails too.
  return scrubText(scrubbed.replace(/[A-Za-z0-9._%+-]+%40[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'));
}

/** Keys whose string values are URLs and get `scrubUrl` rather than `scrubText`. */
const URL_KEYS = new Set(['url', 'href', 'referrer', 'file', 'src']);

/** Scrubs every string inside a JSON value (objects and arrays deeply), keeping its shape. */
export function scrubValue<T>(value: T, params: readonly string[] = [], key = ''): T {
  if (typeof value === 'string') return (URL_KEYS.has(key) ? scrubUrl(value, params) : scrubText(value)) as T;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, params, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[name] = scrubValue(item, params, name);
    return out as T;
  }
  return value;
}
