import type { EvaluationContext, FlagValue, JsonValue as OpenFeatureJson, ResolutionDetails } from '@openfeature/core';
import type { Attributes, FlagDetail, JsonValue } from '../../../shared/flags/types.ts';

/** The four value types OpenFeature asks for. */
export type FlagType = 'boolean' | 'string' | 'number' | 'object';

/**
 * OpenFeature's reason for each way our engine decides (https://openfeature.dev/specification/types#resolution-reason).
 * A staff override has no standard reason; the spec allows a custom string, and `OVERRIDE` says what happened.
 */
const REASONS: Record<FlagDetail['source'], string> = {
  default: 'DEFAULT',
  rule: 'TARGETING_MATCH',
  force: 'TARGETING_MATCH',
  rollout: 'SPLIT',
  experiment: 'SPLIT',
  override: 'OVERRIDE',
  missing: 'ERROR',
};

/** Maps one evaluation to OpenFeature's resolution: the value, variant, reason, error and metadata. */
export function toResolution<T extends FlagValue>(
  detail: FlagDetail,
  defaultValue: T,
  type: FlagType,
): ResolutionDetails<T> {
  if (detail.source === 'missing') {
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND' as never,
      errorMessage: `no flag "${detail.key}" in the config`,
    };
  }
  if (!hasType(detail.value, type)) {
    const actual = detail.value === null ? 'null' : Array.isArray(detail.value) ? 'array' : typeof detail.value;
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH' as never,
      errorMessage: `flag "${detail.key}" is a ${actual}, not a ${type}`,
    };
  }
  const metadata: Record<string, string | number | boolean> = {
    source: detail.source,
    hashUsed: detail.hashUsed,
    forced: detail.forced,
  };
  if (detail.ruleId) metadata.ruleId = detail.ruleId;
  if (detail.experiment)
    Object.assign(metadata, { experiment: detail.experiment.key, variation: detail.experiment.variationKey });
  const variant = detail.experiment?.variationKey ?? (detail.ruleId || undefined);
  return {
    value: detail.value as T,
    reason: REASONS[detail.source],
    ...(variant ? { variant } : {}),
    flagMetadata: metadata,
  };
}

function hasType(value: JsonValue, type: FlagType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

/**
 * The engine's attributes from an OpenFeature context: `targetingKey` is the `id` our rollouts and experiments
 * hash on (GrowthBook's convention), every other key is an attribute as given.
 */
export function attributesOf(context: EvaluationContext): Attributes {
  const { targetingKey, ...rest } = context;
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest))
    attributes[key] = value instanceof Date ? value.toISOString() : (value as OpenFeatureJson);
  return (targetingKey === undefined ? attributes : { ...attributes, id: targetingKey }) as Attributes;
}
