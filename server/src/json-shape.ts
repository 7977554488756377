import { HttpError } from './http-errors.ts';

/** How deep and how wide a JSON body may be. */
export interface JsonShapeLimits {
  /** Most levels of nested objects and arrays (the body itself is level 1). */
  maxDepth: number;
  /** Most members of any one object or array. */
  maxEntries: number;
}

/** Bodies of every route: far above what any client sends, far below what recursion in a serializer survives (~4000). */
export const DEFAULT_JSON_SHAPE: JsonShapeLimits = { maxDepth: 64, maxEntries: 10_000 };

/**
 * Answers 400 when JSON text nests deeper or holds more members in one object or array than the limits allow,
 * before it is parsed and before anything recursive (a validator, `JSON.stringify`) touches the value. One pass
 * with a counter per open level; strings are skipped with `indexOf`, so the cost is in the structure, not the text.
 */
export function checkJsonShape(text: string, limits: JsonShapeLimits = DEFAULT_JSON_SHAPE): void {
  const members: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      index = closingQuote(text, index);
      // An unterminated string: JSON.parse names the problem.
      if (index < 0) return;
    } else if (char === COMMA) {
      if (++members[members.length - 1]! > limits.maxEntries)
        throw new HttpError(400, `an object or array in the body has more than ${limits.maxEntries} members`);
    } else if (char === OPEN_ARRAY || char === OPEN_OBJECT) {
      if (members.push(1) > limits.maxDepth)
        throw new HttpError(400, `body is nested deeper than ${limits.maxDepth} levels`);
    } else if (char === CLOSE_ARRAY || char === CLOSE_OBJECT) members.pop();
  }
}

const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/** The index of the quote closing the string opened at `open` (one preceded by an even run of backslashes), or -1. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote > 0) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

// An unpaired UTF-16 surrogate is valid in a JS string (JSON's \ud800 makes one) but not encodable as UTF-8, so a
// database would store invalid bytes or U+FFFD depending on the driver; PostgreSQL's TEXT refuses NUL outright.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;
// Text decoded from UTF-8 holds neither raw (the decoder makes them U+FFFD, and JSON forbids a raw NUL in a
// string): they can only come from \u escapes, so text without one needs no repair.
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** A string with each lone surrogate and NUL replaced by U+FFFD (lone surrogates: what `toWellFormed` does). */
function wellFormed(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * Replaces lone surrogates and NUL in every string and key of a parsed JSON body with U+FFFD, in place. Walks the
 * value only when its text has an escape that could make one; iterative, after `checkJsonShape` bounded the depth.
 */
export function repairStrings(text: string, body: unknown): unknown {
  if (!UNSTORABLE_ESCAPE.test(text)) return body;
  if (typeof body === 'string') return wellFormed(body);
  const pending: object[] = typeof body === 'object' && body !== null ? [body] : [];
  while (pending.length) {
    const record = pending.pop() as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = typeof record[key] === 'string' ? wellFormed(record[key]) : record[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
      const fixed = wellFormed(key);
      if (fixed !== key) delete record[key];
      // A repaired key that collides with an existing one keeps the existing value, as a repeated JSON key would not.
      if (fixed === key || !Object.hasOwn(record, fixed)) record[fixed] = item;
    }
  }
  return body;
}
