import { checkRange, isProbability, isRecord } from './config-values.ts';
import type { Report, RuleContext } from './config-values.ts';

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

/** Checks an experiment rule: its variations, weights, coverage, ranges, meta, namespace and key. */
export function checkExperiment(rule: Record<string, unknown>, path: string, context: RuleContext): void {
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
