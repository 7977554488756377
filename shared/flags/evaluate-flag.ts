import { inRange } from './bucket.ts';
import { evalCondition } from './condition.ts';
import { hash } from './hash.ts';
import { hashAttributeOf, runExperiment } from './run-experiment.ts';
import { stickyDocKey } from './sticky-bucket.ts';
import type {
  Attributes,
  EvaluateOptions,
  ExperimentRule,
  FlagDetail,
  FlagEvaluation,
  FlagRule,
  FlagSource,
  FlagsConfig,
  ForceRule,
  JsonValue,
  Overrides,
} from './types.ts';

/** Whether a rule forces a value (targeting or rollout) rather than running an experiment. */
export function isForceRule(rule: FlagRule): rule is ForceRule {
  return 'force' in rule;
}

/** Whether a rule runs an experiment. */
export function isExperimentRule(rule: FlagRule): rule is ExperimentRule {
  return !('force' in rule) && Array.isArray((rule as ExperimentRule).variations);
}

/** The attributes a rule sees: the real ones with any simulated ones laid over them. */
export function effectiveAttributes(attributes: Attributes, overrides?: Overrides): Attributes {
  return overrides?.attributes ? { ...attributes, ...overrides.attributes } : attributes;
}

/**
 * Evaluates one flag for one user: an override wins; then the rules in order (targeting conditions, forced values,
 * percentage rollouts, experiments — the first that applies decides); else the default. A key the config does
 * not have gives `null` with source `missing`. Pure and isomorphic: the widget and the server assign alike, and
 * alike with GrowthBook's SDKs.
 */
export function evaluateFlag(
  key: string,
  config: FlagsConfig | undefined,
  attributes: Attributes,
  overrides?: Overrides,
  options: EvaluateOptions = {},
): FlagEvaluation {
  const detail: Detail = (value, source, rest = {}) => ({
    key,
    value,
    source,
    ruleId: '',
    hashUsed: false,
    forced: false,
    ...rest,
  });
  if (overrides?.flags && Object.hasOwn(overrides.flags, key)) {
    const value = overrides.flags[key]!;
    return { value, detail: detail(value, 'override', { forced: true }) };
  }
  const flag = config?.flags && Object.hasOwn(config.flags, key) ? config.flags[key] : undefined;
  if (!flag) return { value: null, detail: detail(null, 'missing') };
  const context: RuleContext = {
    key,
    seen: effectiveAttributes(attributes, overrides),
    simulated: !!overrides?.attributes && Object.keys(overrides.attributes).length > 0,
    overrides,
    options,
    detail,
  };
  for (const rule of flag.rules ?? []) {
    const decided = isForceRule(rule)
      ? forcedValue(rule, context)
      : isExperimentRule(rule)
        ? experimentValue(rule, context)
        : undefined;
    if (decided) return decided;
  }
  return { value: flag.defaultValue, detail: detail(flag.defaultValue, 'default') };
}

type Detail = (value: JsonValue, source: FlagSource, rest?: Partial<FlagDetail>) => FlagDetail;

/** What a rule is evaluated with: the flag, the attributes it sees, whether some are simulated, the overrides. */
interface RuleContext {
  key: string;
  seen: Attributes;
  simulated: boolean;
  overrides: Overrides | undefined;
  options: EvaluateOptions;
  detail: Detail;
}

/** A force rule's value when its condition matches and the user is in its rollout; else it does not apply. */
function forcedValue(rule: ForceRule, { key, seen, simulated, detail }: RuleContext): FlagEvaluation | undefined {
  if (rule.condition && !evalCondition(seen, rule.condition)) return undefined;
  const rollout = rule.range !== undefined || rule.coverage !== undefined;
  if (rollout && !inRollout(rule, key, seen)) return undefined;
  const source: FlagSource = rollout ? 'rollout' : rule.condition ? 'rule' : 'force';
  return {
    value: rule.force,
    detail: detail(rule.force, source, { ruleId: rule.id ?? '', hashUsed: rollout, forced: simulated }),
  };
}

/** An experiment rule's variation when the user is in the experiment (forced or hashed); else it does not apply. */
function experimentValue(rule: ExperimentRule, context: RuleContext): FlagEvaluation | undefined {
  const { overrides, detail } = context;
  const experimentKey = rule.key || context.key;
  // hasOwn: an experiment named like an Object.prototype member ("constructor") must not read as forced.
  const forcedVariation =
    overrides?.experiments && Object.hasOwn(overrides.experiments, experimentKey)
      ? overrides.experiments[experimentKey]
      : undefined;
  const result = runExperiment({ ...rule, key: experimentKey }, context.seen, {
    forcedVariation,
    stickyBucketDocs: context.options.stickyBucketDocs,
  });
  if (!result.inExperiment) return undefined;
  return {
    value: result.value,
    detail: detail(result.value, 'experiment', {
      ruleId: rule.id ?? '',
      hashUsed: result.hashUsed,
      forced: forcedVariation !== undefined || context.simulated,
      experiment: {
        key: result.key,
        variation: result.variation,
        variationKey: result.variationKey,
        hashAttribute: result.hashAttribute,
        hashValue: result.hashValue,
        bucket: result.bucket,
        stickyBucketUsed: result.stickyBucketUsed,
      },
    }),
    ...(result.stickyBucketDoc ? { stickyBucketDoc: result.stickyBucketDoc } : {}),
  };
}

/** Whether a user falls in a rollout: `hash <= coverage` or inside `range`, by GrowthBook's rule. */
function inRollout(rule: ForceRule, flagKey: string, attributes: Attributes): boolean {
  if (!rule.range && rule.coverage === 0) return false;
  const { hashValue } = hashAttributeOf(attributes, rule.hashAttribute);
  if (!hashValue) return false;
  const n = hash(rule.seed || flagKey, hashValue, rule.hashVersion || 1);
  if (n === null) return false;
  return rule.range ? inRange(n, rule.range) : n <= rule.coverage!;
}

/**
 * Evaluates every flag of a config, or the flags named in `keys` (for the extension's list, server-side rendering
 * and server-side assignments).
 */
export function evaluateAllFlags(
  config: FlagsConfig | undefined,
  attributes: Attributes,
  overrides?: Overrides,
  options: EvaluateOptions & { keys?: readonly string[] } = {},
): Record<string, FlagEvaluation> {
  const all: Record<string, FlagEvaluation> = {};
  // Sticky docs written by one flag must be seen by the next, so they are threaded through.
  let docs = options.stickyBucketDocs;
  for (const key of options.keys ?? Object.keys(config?.flags ?? {})) {
    const evaluation = evaluateFlag(key, config, attributes, overrides, { stickyBucketDocs: docs });
    if (evaluation.stickyBucketDoc && docs) {
      const doc = evaluation.stickyBucketDoc;
      docs = { ...docs, [stickyDocKey(doc.attributeName, doc.attributeValue)]: doc };
    }
    all[key] = evaluation;
  }
  return all;
}
