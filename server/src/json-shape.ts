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

// An unpaired UTF-16 surrogate is valid in a JS string (JSON's \ud800 makes one) but not encodable as UTF-8, so a
// database would store invalid bytes or U+FFFD depending on the driver; PostgreSQL's TEXT refuses NUL outright.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** A string with each lone surrogate and NUL replaced by U+FFFD (lone surrogates: what `toWellFormed` does). */
export function wellFormed(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * Checks a parsed JSON body against the shape limits before anything recursive (a validator, `JSON.stringify`)
 * touches it, answering 400 when it is too deep or too wide, and replaces lone surrogates in every string and key
 * (and NUL) with U+FFFD. Iterative, so a body a million levels deep costs one pass and no stack.
 */
export function checkJsonShape(body: unknown, limits: JsonShapeLimits = DEFAULT_JSON_SHAPE): unknown {
  if (typeof body === 'string') return wellFormed(body);
  const pending: [object, number][] = typeof body === 'object' && body !== null ? [[body, 1]] : [];
  while (pending.length) {
    const [container, depth] = pending.pop()!;
    if (depth > limits.maxDepth) throw new HttpError(400, `body is nested deeper than ${limits.maxDepth} levels`);
    const record = container as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > limits.maxEntries) throw new HttpError(400, `an object or array in the body has ${keys.length} members; the limit is ${limits.maxEntries}`);
    for (const key of keys) {
      const item = typeof record[key] === 'string' ? wellFormed(record[key]) : record[key];
      if (typeof item === 'object' && item !== null) pending.push([item, depth + 1]);
      const fixed = wellFormed(key);
      if (fixed !== key) delete record[key];
      // A repaired key that collides with an existing one keeps the existing value, as a repeated JSON key would not.
      if (fixed === key || !Object.hasOwn(record, fixed)) record[fixed] = item;
    }
  }
  return body;
}
