import { equalWeights } from './bucket.ts';
import { isExperimentRule } from './evaluate-flag.ts';
import { variationKeyOf } from './run-experiment.ts';
import type { FlagsConfig } from './types.ts';

/** An experiment as the results and the extension see it: where it lives and its variations. */
export interface ExperimentSummary {
  key: string;
  flag: string;
  ruleId: string;
  name?: string;
  /** Variation keys in order. */
  variations: string[];
  /** Intended traffic share per variation (equal when the rule gives none). */
  weights: number[];
  hashAttribute: string;
  active: boolean;
}

/** Every experiment rule in a config, by experiment key (the first rule wins when a key repeats). */
export function listExperiments(config: FlagsConfig | undefined): ExperimentSummary[] {
  const found = new Map<string, ExperimentSummary>();
  for (const [flag, definition] of Object.entries(config?.flags ?? {})) {
    for (const rule of definition.rules ?? []) {
      if (!isExperimentRule(rule)) continue;
      const key = rule.key || flag;
      if (found.has(key)) continue;
      found.set(key, {
        key,
        flag,
        ruleId: rule.id ?? '',
        ...(rule.name ? { name: rule.name } : {}),
        variations: rule.variations.map((_, index) => variationKeyOf(rule, index)),
        weights:
          rule.weights?.length === rule.variations.length ? [...rule.weights] : equalWeights(rule.variations.length),
        hashAttribute: rule.hashAttribute || 'id',
        active: rule.active !== false,
      });
    }
  }
  return [...found.values()];
}
