import { regexProblem } from './regex-safety.ts';
import type { FlagsConfig, FlagType } from './types.ts';

/** One problem in a config, with the path of the bad field, e.g. `flags.pipeline-layout.rules[0].weights`. */
interface ConfigProblem {
  path: string;
  message: string;
}

/** A valid config, or every problem found (not just the first). */
export type ConfigCheck = { ok: true; config: FlagsConfig } | { ok: false; problems: ConfigProblem[] };

const FLAG_TYPES: readonly FlagType[] = ['boolean', 'string', 'number', 'json'];
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const LOGICAL = new Set(['$and', '$or', '$nor', '$not']);
const OPERATORS = new Set([
  '$eq',
  '$ne',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$nin',
  '$ini',
  '$nini',
  '$exists',
  '$regex',
  '$regexi',
  '$elemMatch',
  '$all',
  '$alli',
  '$size',
  '$type',
  '$not',
  '$veq',
  '$vne',
  '$vgt',
  '$vgte',
  '$vlt',
  '$vlte',
]);
const FORCE_FIELDS = new Set(['id', 'condition', 'force', 'coverage', 'range', 'hashAttribute', 'seed', 'hashVersion']);
const EXPERIMENT_FIELDS = new Set([
  'id',
  'condition',
  'key',
  'variations',
  'weights',
  'coverage',
  'hashAttribute',
  'fallbackAttribute',
  'seed',
  'hashVersion',
  'namespace',
  'meta',
  'ranges',
  'name',
  'bucketVersion',
  'minBucketVersion',
  'disableStickyBucketing',
  'active',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value).slice(0, 40)}`
    : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function matchesType(value: unknown, type: FlagType): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'string') return typeof value === 'string';
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return value !== undefined;
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

type Report = (path: string, message: string) => void;
type CheckValue = (path: string, value: unknown) => void;

/** What checking one flag's rules needs; `experimentKeys` is shared by all flags, as experiment keys are global. */
interface RuleContext {
  flagKey: string;
  checkValue: CheckValue;
  problem: Report;
  experimentKeys: Map<string, string>;
}

/**
 * Checks a flags config (as loaded from the flags file or sent to an admin route) and names every bad field by
 * its path, so whoever edits the file sees exactly what to fix. Checks types, values against each flag's type,
 * coverage/weights/ranges, variation keys, namespaces, hash versions, unknown fields and condition operators.
 */
export function validateFlagsConfig(input: unknown): ConfigCheck {
  if (!isRecord(input))
    return {
      ok: false,
      problems: [{ path: '(root)', message: `must be an object with "flags", got ${describe(input)}` }],
    };
  const problems: ConfigProblem[] = [];
  const problem: Report = (path, message) => problems.push({ path, message });
  checkRootFields(input, problem);
  if (!isRecord(input.flags)) {
    problem('flags', `must be an object of flag key → flag definition, got ${describe(input.flags)}`);
    return { ok: false, problems };
  }
  const experimentKeys = new Map<string, string>();
  for (const [key, flag] of Object.entries(input.flags)) checkFlag(key, flag, problem, experimentKeys);
  return problems.length ? { ok: false, problems } : { ok: true, config: input as unknown as FlagsConfig };
}

function checkRootFields(input: Record<string, unknown>, problem: Report): void {
  if (input.version !== undefined && !(Number.isInteger(input.version) && (input.version as number) >= 0)) {
    problem('version', 'must be a non-negative integer');
  }
  for (const key of Object.keys(input)) {
    if (!['version', 'flags', 'overrideTokenPublicKey'].includes(key))
      problem(key, 'is not a known field (expected "flags", optionally "version")');
  }
}

function checkFlag(key: string, flag: unknown, problem: Report, experimentKeys: Map<string, string>): void {
  const at = `flags.${key}`;
  if (!KEY_PATTERN.test(key))
    problem(
      at,
      'flag keys are 1–100 characters of letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
    );
  if (!isRecord(flag)) {
    problem(at, `must be an object with "type" and "defaultValue", got ${describe(flag)}`);
    return;
  }
  for (const field of Object.keys(flag)) {
    if (!['type', 'defaultValue', 'description', 'rules'].includes(field))
      problem(`${at}.${field}`, 'is not a known field (type, defaultValue, description, rules)');
  }
  const type = flag.type as FlagType;
  if (!FLAG_TYPES.includes(type))
    problem(`${at}.type`, `must be one of ${FLAG_TYPES.join(', ')}, got ${describe(flag.type)}`);
  const checkValue = valueChecker(type, problem);
  if (!('defaultValue' in flag)) problem(`${at}.defaultValue`, 'is required');
  else checkValue(`${at}.defaultValue`, flag.defaultValue);
  if (flag.description !== undefined && typeof flag.description !== 'string')
    problem(`${at}.description`, 'must be a string');
  checkRules(flag.rules, at, { flagKey: key, checkValue, problem, experimentKeys });
}

/** Checks a value against the flag's type; with an unknown type there is nothing to check against, so no problem. */
function valueChecker(type: FlagType, problem: Report): CheckValue {
  const typed = FLAG_TYPES.includes(type);
  return (path, value) => {
    if (typed && !matchesType(value, type))
      problem(path, `must be a ${type === 'json' ? 'JSON value' : type} (the flag's type), got ${describe(value)}`);
  };
}

function checkRules(rules: unknown, at: string, context: RuleContext): void {
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    context.problem(`${at}.rules`, `must be an array, got ${describe(rules)}`);
    return;
  }
  rules.forEach((rule: unknown, index: number) => {
    checkRule(rule, `${at}.rules[${index}]`, context);
  });
}

function checkRule(rule: unknown, path: string, context: RuleContext): void {
  const { problem } = context;
  if (!isRecord(rule)) {
    problem(path, `must be an object, got ${describe(rule)}`);
    return;
  }
  if (rule.id !== undefined && typeof rule.id !== 'string') problem(`${path}.id`, 'must be a string');
  if (rule.condition !== undefined) checkCondition(rule.condition, `${path}.condition`, problem);
  checkHashing(rule, path, problem);
  if ('force' in rule) checkForceRule(rule, path, context);
  else if ('variations' in rule) checkExperiment(rule, path, context);
  else problem(path, 'needs "force" (targeting, forced value or rollout) or "variations" (experiment)');
}

function checkHashing(rule: Record<string, unknown>, path: string, problem: Report): void {
  if (rule.hashVersion !== undefined && rule.hashVersion !== 1 && rule.hashVersion !== 2)
    problem(`${path}.hashVersion`, 'must be 1 or 2');
  for (const field of ['hashAttribute', 'fallbackAttribute', 'seed', 'key', 'name'] as const) {
    if (rule[field] !== undefined && (typeof rule[field] !== 'string' || rule[field] === ''))
      problem(`${path}.${field}`, 'must be a non-empty string');
  }
}

function checkRange(range: unknown, path: string, problem: Report): void {
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !isProbability(range[0]) ||
    !isProbability(range[1]) ||
    range[0] > range[1]
  ) {
    problem(path, 'must be [start, end] with 0 <= start <= end <= 1');
  }
}

function checkForceRule(rule: Record<string, unknown>, path: string, { checkValue, problem }: RuleContext): void {
  for (const field of Object.keys(rule))
    if (!FORCE_FIELDS.has(field))
      problem(`${path}.${field}`, `is not a field of a force or rollout rule (${[...FORCE_FIELDS].join(', ')})`);
  checkValue(`${path}.force`, rule.force);
  if (rule.coverage !== undefined && !isProbability(rule.coverage))
    problem(`${path}.coverage`, 'must be a number from 0 to 1');
  if (rule.range !== undefined) checkRange(rule.range, `${path}.range`, problem);
}

function checkExperiment(rule: Record<string, unknown>, path: string, context: RuleContext): void {
  const { problem } = context;
  for (const field of Object.keys(rule))
    if (!EXPERIMENT_FIELDS.has(field)) problem(`${path}.${field}`, 'is not a field of an experiment rule');
  claimExperimentKey(rule, path, context);
  const variations = rule.variations;
  if (!Array.isArray(variations) || variations.length < 2) {
    problem(`${path}.variations`, 'must be an array of at least 2 values');
    return;
  }
  variations.forEach((value, index) => {
    context.checkValue(`${path}.variations[${index}]`, value);
  });
  const count = variations.length;
  checkWeights(rule.weights, count, `${path}.weights`, problem);
  if (rule.coverage !== undefined && !isProbability(rule.coverage))
    problem(`${path}.coverage`, 'must be a number from 0 to 1');
  checkVariationRanges(rule.ranges, count, `${path}.ranges`, problem);
  checkVariationMeta(rule.meta, count, `${path}.meta`, problem);
  checkNamespace(rule.namespace, `${path}.namespace`, problem);
  for (const field of ['bucketVersion', 'minBucketVersion'] as const) {
    if (rule[field] !== undefined && !(Number.isInteger(rule[field]) && (rule[field] as number) >= 0))
      problem(`${path}.${field}`, 'must be a non-negative integer');
  }
  for (const field of ['active', 'disableStickyBucketing'] as const) {
    if (rule[field] !== undefined && typeof rule[field] !== 'boolean')
      problem(`${path}.${field}`, 'must be true or false');
  }
}

function checkWeights(weights: unknown, count: number, path: string, problem: Report): void {
  if (weights === undefined) return;
  if (!Array.isArray(weights) || weights.length !== count || !weights.every(isProbability)) {
    problem(path, `must be ${count} numbers from 0 to 1, one per variation`);
    return;
  }
  const total = weights.reduce((sum: number, weight: number) => sum + weight, 0);
  if (Math.abs(total - 1) > 0.01) problem(path, `must add up to 1, they add up to ${total}`);
}

function checkVariationRanges(ranges: unknown, count: number, path: string, problem: Report): void {
  if (ranges === undefined) return;
  if (!Array.isArray(ranges) || ranges.length !== count) {
    problem(path, `must be ${count} ranges, one per variation`);
    return;
  }
  ranges.forEach((range, index) => {
    checkRange(range, `${path}[${index}]`, problem);
  });
}

function checkVariationMeta(meta: unknown, count: number, path: string, problem: Report): void {
  if (meta === undefined) return;
  if (!Array.isArray(meta) || meta.length !== count) {
    problem(path, `must be ${count} objects, one per variation`);
    return;
  }
  const seen = new Set<string>();
  meta.forEach((entry: unknown, index: number) => {
    const key = isRecord(entry) ? entry.key : undefined;
    if (!isRecord(entry) || (key !== undefined && (typeof key !== 'string' || key === '')))
      problem(`${path}[${index}]`, 'must be { key?: non-empty string, name?: string }');
    else if (typeof key === 'string' && seen.has(key))
      problem(`${path}[${index}].key`, `repeats the variation key "${key}"`);
    else if (typeof key === 'string') seen.add(key);
  });
}

function checkNamespace(namespace: unknown, path: string, problem: Report): void {
  if (namespace === undefined) return;
  if (
    !Array.isArray(namespace) ||
    namespace.length !== 3 ||
    typeof namespace[0] !== 'string' ||
    !isProbability(namespace[1]) ||
    !isProbability(namespace[2]) ||
    namespace[1] > namespace[2]
  ) {
    problem(path, 'must be [id, start, end] with 0 <= start <= end <= 1');
  }
}

/**
 * Reports a key that an earlier experiment already used, whatever else is wrong with either rule. The key is the one
 * `evaluateFlag` runs the experiment under: the rule's, or its flag's when the rule's is missing or empty.
 */
function claimExperimentKey(rule: Record<string, unknown>, path: string, context: RuleContext): void {
  const key = typeof rule.key === 'string' && rule.key !== '' ? rule.key : context.flagKey;
  const owner = context.experimentKeys.get(key);
  if (owner)
    context.problem(
      `${path}.key`,
      `experiment "${key}" is already defined at ${owner}; experiment keys must be unique`,
    );
  else context.experimentKeys.set(key, path);
}

function checkCondition(condition: unknown, path: string, problem: Report): void {
  if (!isRecord(condition)) {
    problem(path, `must be an object (a targeting condition), got ${describe(condition)}`);
    return;
  }
  for (const [key, value] of Object.entries(condition)) {
    const at = `${path}.${key}`;
    if (key === '$not') checkCondition(value, at, problem);
    else if (LOGICAL.has(key)) {
      if (!Array.isArray(value)) problem(at, 'must be an array of conditions');
      else
        value.forEach((part, index) => {
          checkCondition(part, `${at}[${index}]`, problem);
        });
    } else if (key.startsWith('$'))
      problem(at, `is not a supported operator at this level (use $and, $or, $nor, $not or an attribute name)`);
    else checkOperators(value, at, problem);
  }
}

function checkOperators(value: unknown, path: string, problem: Report): void {
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (!keys.some((key) => key.startsWith('$'))) return;
  for (const key of keys) {
    if (!OPERATORS.has(key)) problem(`${path}.${key}`, `is not a supported operator (${[...OPERATORS].join(' ')})`);
    else if (['$in', '$nin', '$ini', '$nini', '$all', '$alli'].includes(key) && !Array.isArray(value[key]))
      problem(`${path}.${key}`, 'must be an array');
    else if (key === '$regex' || key === '$regexi') {
      try {
        new RegExp(String(value[key]));
        const unsafe = regexProblem(String(value[key]));
        if (unsafe) problem(`${path}.${key}`, unsafe);
      } catch (error) {
        problem(`${path}.${key}`, `is not a valid regular expression: ${(error as Error).message}`);
      }
    } else if (key === '$not') checkOperators(value[key], `${path}.$not`, problem);
    // Operators that hold more operators or conditions: a pattern nested in them runs like any other.
    else if (key === '$elemMatch') {
      if (isRecord(value[key]) && Object.keys(value[key]).every((inner) => inner.startsWith('$')))
        checkOperators(value[key], `${path}.$elemMatch`, problem);
      else checkCondition(value[key], `${path}.$elemMatch`, problem);
    } else if (key === '$size') checkOperators(value[key], `${path}.$size`, problem);
    else if (key === '$all' || key === '$alli')
      (value[key] as unknown[]).forEach((item, index) => {
        checkOperators(item, `${path}.${key}[${index}]`, problem);
      });
  }
}
