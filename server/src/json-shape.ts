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

// An unpaired UTF-16 surrogate: valid in a JS string (JSON's \ud800 makes one) but not encodable as UTF-8, so a
// database would store it as invalid bytes or U+FFFD depending on the driver.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string with each lone surrogate replaced by U+FFFD (what `String.prototype.toWellFormed` does). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Checks a parsed JSON body against the shape limits before anything recursive (a validator, `JSON.stringify`)
 * touches it, answering 400 when it is too deep or too wide, and replaces lone surrogates in every string and key
 * with U+FFFD. Iterative, so a body a million levels deep costs one pass and no stack.
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
      const item = record[key];
      if (typeof item === 'string') record[key] = wellFormed(item);
      else if (typeof item === 'object' && item !== null) pending.push([item, depth + 1]);
      const fixed = wellFormed(key);
      if (fixed !== key) {
        delete record[key];
        record[fixed] = record[fixed] ?? item;
      }
    }
  }
  return body;
}
