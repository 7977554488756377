import { checkRange, describe, isProbability, isRecord } from './config-values.ts';
import type { Report, RuleContext } from './config-values.ts';
import { checkCondition } from './validate-condition.ts';
import { checkExperiment } from './validate-experiment.ts';

const FORCE_FIELDS = new Set(['id', 'condition', 'force', 'coverage', 'range', 'hashAttribute', 'seed', 'hashVersion']);

/** Checks one rule of a flag: its id, condition and hashing, then as a force or rollout rule, or as an experiment. */
export function checkRule(rule: unknown, path: string, context: RuleContext): void {
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

function checkForceRule(rule: Record<string, unknown>, path: string, { checkValue, problem }: RuleContext): void {
  for (const field of Object.keys(rule))
    if (!FORCE_FIELDS.has(field))
      problem(`${path}.${field}`, `is not a field of a force or rollout rule (${[...FORCE_FIELDS].join(', ')})`);
  checkValue(`${path}.force`, rule.force);
  if (rule.coverage !== undefined && !isProbability(rule.coverage))
    problem(`${path}.coverage`, 'must be a number from 0 to 1');
  if (rule.range !== undefined) checkRange(rule.range, `${path}.range`, problem);
}
