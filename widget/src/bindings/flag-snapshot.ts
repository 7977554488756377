import { evaluateAllFlags } from '../../../shared/flags/evaluate-flag.ts';
import type { Attributes, FlagsConfig } from '../../../shared/flags/types.ts';
import type { FlagSnapshot } from './framework.ts';

/**
 * Evaluates every flag for one user on the server, with the same engine the widget runs, for the provider's
 * `snapshot` prop: server HTML and the browser's first render then agree, and once the client is ready it
 * answers the same values (give the widget the same config as its bootstrap and the same `id`). Reports no exposure.
 */
export function flagSnapshot(config: FlagsConfig, attributes: Attributes): FlagSnapshot {
  const snapshot: FlagSnapshot = { flags: {}, experiments: {} };
  for (const [key, { detail }] of Object.entries(evaluateAllFlags(config, attributes))) {
    snapshot.flags[key] = detail.value;
    if (detail.experiment) snapshot.experiments[detail.experiment.key] = detail.experiment.variationKey;
  }
  return snapshot;
}
