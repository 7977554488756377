import { evalCondition } from './condition.ts';
import { evaluateFlag, effectiveAttributes, isExperimentRule, isForceRule } from './evaluate-flag.ts';
import { hash } from './hash.ts';
import { hashAttributeOf, runExperiment } from './run-experiment.ts';
import type { Attributes, Condition, ExperimentRule, FlagsConfig, ForceRule, JsonValue, Overrides } from './types.ts';

/** What one rule did for this user: `skipped` lets the next rule decide, `decided` sets the value. */
interface ExplainStep {
  /** `rule 2 (half-rollout)`: the 1-based position and the id, as staff read the config. */
  rule: string;
  outcome: 'skipped' | 'decided';
  /** `condition false`, `hash 0.73 outside coverage 0.5`, `hash 0.42 → variation B`, … */
  reason: string;
}

/** A flag's value with the rule-by-rule account of how the engine reached it. */
export interface FlagExplanation {
  value: JsonValue;
  steps: ExplainStep[];
  /** The whole account on one line: `rule 1 (staff): condition false; rule 2 (half-rollout): hash 0.73 outside coverage 0.5 → default`. */
  summary: string;
}

const show = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** Why a force rule (targeting or rollout) did or did not apply. */
function explainForceRule(rule: ForceRule, key: string, seen: Attributes): ExplainStep['reason'] | { decided: string } {
  if (rule.condition && !evalCondition(seen, rule.condition)) return 'condition false';
  const rollout = rule.range !== undefined || rule.coverage !== undefined;
  if (!rollout) return { decided: `${rule.condition ? 'condition true' : 'always'} → ${show(rule.force)}` };
  if (!rule.range && rule.coverage === 0) return 'coverage 0';
  const { hashAttribute, hashValue } = hashAttributeOf(seen, rule.hashAttribute);
  if (!hashValue) return `no ${hashAttribute} to hash`;
  const n = hash(rule.seed || key, hashValue, rule.hashVersion || 1);
  if (n === null) return `hash version ${String(rule.hashVersion)} unknown`;
  const where = rule.range ? `range [${rule.range[0]}, ${rule.range[1]})` : `coverage ${rule.coverage}`;
  const inside = rule.range ? n >= rule.range[0] && n < rule.range[1] : n <= rule.coverage!;
  return inside ? { decided: `hash ${n} within ${where} → ${show(rule.force)}` } : `hash ${n} outside ${where}`;
}

/** Why an experiment rule did or did not put the user in a variation (GrowthBook's order, as `runExperiment`). */
function explainExperimentRule(
  rule: ExperimentRule,
  key: string,
  seen: Attributes,
  overrides?: Overrides,
): ExplainStep['reason'] | { decided: string } {
  const experimentKey = rule.key || key;
  const forced =
    overrides?.experiments && Object.hasOwn(overrides.experiments, experimentKey)
      ? overrides.experiments[experimentKey]
      : undefined;
  const result = runExperiment({ ...rule, key: experimentKey }, seen, { forcedVariation: forced });
  const name = `experiment ${experimentKey}`;
  if (result.inExperiment) {
    if (forced !== undefined)
      return { decided: `${name}: variation ${result.variationKey} forced by an override → ${show(result.value)}` };
    return {
      decided: `${name}: ${result.hashAttribute} hashes to ${result.bucket} → variation ${result.variationKey} (${show(result.value)})`,
    };
  }
  if (forced !== undefined) return `${name}: forced variation ${show(forced)} does not exist`;
  if (rule.variations.length < 2) return `${name}: fewer than 2 variations`;
  if (rule.active === false) return `${name}: inactive`;
  if (!result.hashValue) return `${name}: no ${result.hashAttribute} to hash`;
  if (rule.condition && !evalCondition(seen, rule.condition)) return `${name}: condition false`;
  const bucket = hash(rule.seed || experimentKey, result.hashValue, rule.hashVersion || 1);
  if (rule.namespace && bucket !== null)
    return `${name}: outside namespace ${rule.namespace[0]} or hash ${bucket} outside coverage ${rule.coverage ?? 1}`;
  return `${name}: hash ${bucket} outside coverage ${rule.coverage ?? 1}`;
}

/**
 * Explains one flag's value for one user, rule by rule, with the engine's own pieces (conditions, hashes,
 * `runExperiment`); the value is `evaluateFlag`'s, so the account can never disagree with what the page got.
 * Pure. Sticky buckets are not replayed: the extension marks values a sticky bucket decided.
 */
export function explainFlag(
  key: string,
  config: FlagsConfig | undefined,
  attributes: Attributes,
  overrides?: Overrides,
): FlagExplanation {
  const { value, detail } = evaluateFlag(key, config, attributes, overrides);
  const steps: ExplainStep[] = [];
  const finish = (tail: string): FlagExplanation => ({
    value,
    steps,
    summary: [steps.map((step) => `${step.rule}: ${step.reason}`).join('; '), tail]
      .filter(Boolean)
      .join(steps.length && tail.startsWith('→') ? ' ' : '; '),
  });
  if (detail.source === 'override') return finish(`forced by an override → ${show(value)}`);
  const flag = config?.flags && Object.hasOwn(config.flags, key) ? config.flags[key] : undefined;
  if (!flag) return finish('not in the config → null');
  const seen = effectiveAttributes(attributes, overrides);
  for (const [index, rule] of (flag.rules ?? []).entries()) {
    const label = `rule ${index + 1}${rule.id ? ` (${rule.id})` : ''}`;
    const reason = isForceRule(rule)
      ? explainForceRule(rule, key, seen)
      : isExperimentRule(rule)
        ? explainExperimentRule(rule, key, seen, overrides)
        : 'not a rule the engine knows';
    if (typeof reason === 'string') {
      steps.push({ rule: label, outcome: 'skipped', reason });
      continue;
    }
    steps.push({ rule: label, outcome: 'decided', reason: reason.decided });
    return finish('');
  }
  return finish(`→ default ${show(flag.defaultValue)}`);
}

/** The attribute names a condition reads (operators and their nesting left out). */
function conditionAttributes(condition: Condition, into: Set<string>): void {
  for (const [name, test] of Object.entries(condition)) {
    if (name === '$and' || name === '$or' || name === '$nor')
      for (const part of (test as Condition[]) ?? []) conditionAttributes(part, into);
    else if (name === '$not') conditionAttributes(test as Condition, into);
    else if (!name.startsWith('$')) into.add(name);
  }
}

/** The attributes a config hashes on (rollouts and experiments) and targets on (conditions), for "simulate". */
export function attributesUsed(config: FlagsConfig | undefined): { hashed: string[]; targeted: string[] } {
  const hashed = new Set<string>();
  const targeted = new Set<string>();
  for (const flag of Object.values(config?.flags ?? {})) {
    for (const rule of flag.rules ?? []) {
      if (rule.condition) conditionAttributes(rule.condition, targeted);
      const hashes =
        isExperimentRule(rule) || (isForceRule(rule) && (rule.coverage !== undefined || rule.range !== undefined));
      if (hashes) hashed.add((rule as ForceRule).hashAttribute || 'id');
    }
  }
  return { hashed: [...hashed].sort(), targeted: [...targeted].sort() };
}
