import type { Attributes, Condition } from './types.ts';
import { paddedVersion } from './version.ts';

/**
 * Whether the attributes match a targeting condition, with GrowthBook's semantics operator for operator
 * (`$eq $ne $lt $lte $gt $gte $in $nin $ini $nini $exists $regex $regexi $elemMatch $all $alli $size $type $not
 * $and $or $nor $veq $vne $vgt $vgte $vlt $vlte`), so a condition written for their SDKs targets the same users.
 * Keys other than `$and/$or/$nor/$not` are dot paths into the attributes. Unknown operators never match.
 */
export function evalCondition(attributes: Attributes, condition: Condition): boolean {
  for (const [key, expected] of Object.entries(condition)) {
    switch (key) {
      case '$or':
        if (!evalOr(attributes, expected as Condition[])) return false;
        break;
      case '$nor':
        if (evalOr(attributes, expected as Condition[])) return false;
        break;
      case '$and':
        for (const part of expected as Condition[]) if (!evalCondition(attributes, part)) return false;
        break;
      case '$not':
        if (evalCondition(attributes, expected as Condition)) return false;
        break;
      default:
        if (!evalValue(expected, valueAtPath(attributes, key))) return false;
    }
  }
  return true;
}

function evalOr(attributes: Attributes, conditions: Condition[]): boolean {
  // An empty $or matches, as in GrowthBook (and unlike MongoDB, which rejects it).
  return conditions.length === 0 || conditions.some((part) => evalCondition(attributes, part));
}

/** The value at a dot path, `null` when any step is missing. */
function valueAtPath(attributes: Attributes, path: string): unknown {
  let current: unknown = attributes;
  for (const part of path.split('.')) {
    if (current && typeof current === 'object' && part in current) current = (current as Record<string, unknown>)[part];
    else return null;
  }
  return current;
}

function isOperatorObject(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

// biome-ignore lint/suspicious/noExplicitAny: GrowthBook compares with JS coercion on purpose.
type Loose = any;

function evalValue(expected: unknown, actual: Loose, insensitive = false): boolean {
  if (typeof expected === 'string') {
    return insensitive ? String(actual).toLowerCase() === expected.toLowerCase() : `${actual}` === expected;
  }
  if (typeof expected === 'number') return actual * 1 === expected;
  if (typeof expected === 'boolean') return actual !== null && !!actual === expected;
  if (expected === null) return actual === null;
  if (Array.isArray(expected) || typeof expected !== 'object' || !isOperatorObject(expected)) {
    return JSON.stringify(actual) === JSON.stringify(expected);
  }
  for (const [operator, argument] of Object.entries(expected)) {
    if (!evalOperator(operator, actual, argument)) return false;
  }
  return true;
}

function evalOperator(operator: string, actual: Loose, expected: Loose): boolean {
  switch (operator) {
    case '$veq':
      return paddedVersion(actual) === paddedVersion(expected);
    case '$vne':
      return paddedVersion(actual) !== paddedVersion(expected);
    case '$vgt':
      return paddedVersion(actual) > paddedVersion(expected);
    case '$vgte':
      return paddedVersion(actual) >= paddedVersion(expected);
    case '$vlt':
      return paddedVersion(actual) < paddedVersion(expected);
    case '$vlte':
      return paddedVersion(actual) <= paddedVersion(expected);
    case '$eq':
      return actual === expected;
    case '$ne':
      return actual !== expected;
    case '$lt':
      return actual < expected;
    case '$lte':
      return actual <= expected;
    case '$gt':
      return actual > expected;
    case '$gte':
      return actual >= expected;
    case '$exists':
      // Loose comparison so that both null and undefined count as absent.
      return expected ? actual != null : actual == null;
    case '$in':
      return Array.isArray(expected) && isIn(actual, expected, false);
    case '$ini':
      return Array.isArray(expected) && isIn(actual, expected, true);
    case '$nin':
      return Array.isArray(expected) && !isIn(actual, expected, false);
    case '$nini':
      return Array.isArray(expected) && !isIn(actual, expected, true);
    case '$not':
      return !evalValue(expected, actual);
    case '$size':
      return Array.isArray(actual) && evalValue(expected, actual.length);
    case '$elemMatch':
      return elemMatch(actual, expected);
    case '$all':
      return Array.isArray(expected) && isInAll(actual, expected, false);
    case '$alli':
      return Array.isArray(expected) && isInAll(actual, expected, true);
    case '$regex':
      return testRegex(expected, actual, false);
    case '$regexi':
      return testRegex(expected, actual, true);
    case '$type':
      return typeOf(actual) === expected;
    default:
      return false;
  }
}

function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function isIn(actual: unknown, expected: unknown[], insensitive: boolean): boolean {
  const matches = (value: unknown) =>
    insensitive ? expected.some((candidate) => fold(candidate) === fold(value)) : expected.includes(value);
  // An array attribute matches when any of its elements does (an intersection).
  return Array.isArray(actual) ? actual.some(matches) : matches(actual);
}

function isInAll(actual: unknown, expected: unknown[], insensitive: boolean): boolean {
  if (!Array.isArray(actual)) return false;
  return expected.every((wanted) => actual.some((value) => evalValue(wanted, value, insensitive)));
}

function elemMatch(actual: unknown, expected: Loose): boolean {
  if (!Array.isArray(actual)) return false;
  const check = isOperatorObject(expected)
    ? (value: unknown) => evalValue(expected, value)
    : (value: unknown) => evalCondition(value as Attributes, expected as Condition);
  // Only nullish elements are skipped: 0, '' and false are real members.
  return actual.some((value) => (value ?? null) !== null && check(value));
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return ['string', 'number', 'boolean', 'object', 'undefined'].includes(type) ? type : 'unknown';
}

const regexCache = new Map<string, RegExp>();
/**
 * Longest attribute value a pattern is run on; a longer one does not match. With patterns checked when a config
 * is saved (regex-safety.ts), this bounds the work of any one test to a few milliseconds.
 */
export const MAX_REGEX_INPUT = 1024;

function testRegex(pattern: unknown, actual: unknown, insensitive: boolean): boolean {
  try {
    if (String(actual).length > MAX_REGEX_INPUT) return false;
    const cacheKey = `${pattern}${insensitive ? '/i' : ''}`;
    let regex = regexCache.get(cacheKey);
    if (!regex) {
      // GrowthBook escapes unescaped slashes so patterns copied from /…/ literals behave the same.
      regex = new RegExp(String(pattern).replace(/([^\\])\//g, '$1\\/'), insensitive ? 'i' : undefined);
      if (regexCache.size > 500) regexCache.clear();
      regexCache.set(cacheKey, regex);
    }
    return regex.test(actual as string);
  } catch {
    return false;
  }
}
