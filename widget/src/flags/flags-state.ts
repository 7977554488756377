import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { FlagEvaluation, FlagsConfig } from '../../../shared/flags/types.ts';
import type { ExperimentRow, FlagRow } from '../../../shared/bridge.ts';

/** Every flag's value and why, and every experiment, as the extension lists them. Pure. */
export function describeFlags(config: FlagsConfig | undefined, evaluations: Record<string, FlagEvaluation>): { flags: FlagRow[]; experiments: ExperimentRow[] } {
  return {
    flags: Object.entries(evaluations).map(([key, { detail }]) => ({
      key,
      type: config?.flags[key]?.type,
      value: detail.value,
      source: detail.source,
      ruleId: detail.ruleId,
      forced: detail.forced,
      hashUsed: detail.hashUsed,
      ...(detail.experiment ? { experiment: { key: detail.experiment.key, variation: detail.experiment.variation, variationKey: detail.experiment.variationKey } } : {}),
    })),
    experiments: listExperiments(config).map(({ key, flag, ruleId, variations, weights, active }) => ({ key, flag, ruleId, variations, weights, active })),
  };
}
