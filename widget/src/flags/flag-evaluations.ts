import { evaluateAllFlags, evaluateFlag } from '../../../shared/flags/evaluate-flag.ts';
import type { Attributes, FlagDetail, FlagEvaluation, FlagsConfig, Overrides } from '../../../shared/flags/types.ts';
import type { KeyValueStorage } from './config-cache.ts';
import { createExposureLog } from './exposure-log.ts';
import type { Exposure, FlagsHost, FlagsOptions } from './flags-client.ts';
import { createStickyStore } from './sticky-store.ts';

/** What an evaluation reads, asked afresh each time: the config, the user's attributes, the overrides. */
interface EvaluationInputs {
  config: () => FlagsConfig | undefined;
  attributes: () => Attributes;
  overrides: () => Overrides;
}

/** Tells the host which experiment decided this value: once a session per variation, a forced one apart. */
function exposeOnce(
  detail: FlagDetail,
  exposures: ReturnType<typeof createExposureLog>,
  host: Pick<FlagsHost, 'identity' | 'expose'>,
): void {
  const experiment = detail.experiment;
  if (!experiment) return;
  const exposure: Exposure = {
    experiment: experiment.key,
    variation: experiment.variationKey,
    forced: detail.forced,
    hashAttribute: experiment.hashAttribute,
    hashValue: experiment.hashValue,
  };
  if (exposures.firstTime(host.identity().sessionId, exposure.experiment, exposure.variation, exposure.forced))
    host.expose(exposure);
}

/**
 * Evaluates flags for the current user. A read evaluates its flag (keeping a sticky assignment, reporting an
 * experiment's first exposure in the session); the extension and every event's context read all flags, evaluated once
 * and kept until `changed` (a new config, attributes or overrides), which listeners hear.
 */
export function createFlagEvaluations(
  host: Pick<FlagsHost, 'identity' | 'expose' | 'warn'>,
  options: Pick<FlagsOptions, 'stickyBucketing'>,
  storage: KeyValueStorage | undefined,
  inputs: EvaluationInputs,
) {
  const exposures = createExposureLog(storage);
  const sticky = options.stickyBucketing === false ? undefined : createStickyStore(storage);
  const listeners = new Set<() => void>();
  let evaluated: Record<string, FlagEvaluation> | undefined;

  return {
    evaluate(key: string): FlagEvaluation {
      const evaluation = evaluateFlag(key, inputs.config(), inputs.attributes(), inputs.overrides(), {
        stickyBucketDocs: sticky?.docs(),
      });
      // A forced or simulated assignment is QA's, not the user's: it must not stick.
      if (evaluation.stickyBucketDoc && !evaluation.detail.forced) {
        sticky?.save(evaluation.stickyBucketDoc);
        evaluated = undefined;
      }
      exposeOnce(evaluation.detail, exposures, host);
      return evaluation;
    },
    all: () =>
      (evaluated ??= evaluateAllFlags(inputs.config(), inputs.attributes(), inputs.overrides(), {
        stickyBucketDocs: sticky?.docs(),
      })),
    changed() {
      evaluated = undefined;
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          host.warn?.(`a flags listener threw: ${String(error)}`);
        }
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unsubscribeAll: () => listeners.clear(),
  };
}
