import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { Attributes, FlagEvaluation, FlagsConfig } from '../../../shared/flags/types.ts';
import type { ExperimentRow, FlagRow } from '../../../shared/bridge.ts';

/** Every flag's value and why, and every experiment, as the extension lists them. Pure. */
export function describeFlags(
  config: FlagsConfig | undefined,
  evaluations: Record<string, FlagEvaluation>,
): { flags: FlagRow[]; experiments: ExperimentRow[] } {
  return {
    flags: Object.entries(evaluations).map(([key, { detail }]) => ({
      key,
      type: config?.flags[key]?.type,
      value: detail.value,
      source: detail.source,
      ruleId: detail.ruleId,
      forced: detail.forced,
      hashUsed: detail.hashUsed,
      ...(detail.experiment
        ? {
            experiment: {
              key: detail.experiment.key,
              variation: detail.experiment.variation,
              variationKey: detail.experiment.variationKey,
              hashAttribute: detail.experiment.hashAttribute,
              ...(detail.experiment.bucket !== undefined ? { bucket: detail.experiment.bucket } : {}),
              stickyBucketUsed: detail.experiment.stickyBucketUsed,
            },
          }
        : {}),
    })),
    experiments: listExperiments(config).map(({ key, flag, ruleId, variations, weights, active }) => ({
      key,
      flag,
      ruleId,
      variations,
      weights,
      active,
    })),
  };
}

/** Largest config handed to the extension for explanations: the channel caps a message at 256 KB. */
const EXPLAINABLE_CONFIG_MAX_CHARS = 128 * 1024;
const configSizes = new WeakMap<FlagsConfig, number>();

/**
 * The config (without its public key) and the attributes the engine sees, so the extension can explain each
 * value rule by rule with the same engine (`explainFlag`) instead of a second one. A config too big for the
 * channel is left out (the extension then shows each value's source and rule only); its size is measured once.
 */
export function explainable(
  config: FlagsConfig | undefined,
  attributes: Attributes,
): { config?: FlagsConfig; attributes: Attributes } {
  if (!config) return { attributes };
  const { overrideTokenPublicKey: _key, ...rest } = config;
  let size = configSizes.get(config);
  if (size === undefined) {
    size = JSON.stringify(rest).length;
    configSizes.set(config, size);
  }
  return size > EXPLAINABLE_CONFIG_MAX_CHARS ? { attributes } : { config: rest, attributes };
}
