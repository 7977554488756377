import type { Props } from '../../../shared/protocol.ts';
import type { JsonValue } from '../../../shared/flags/types.ts';
import { isOnValue } from '../flags/evaluated.ts';
import type { ClientState } from './framework.ts';

/** The event `convert()` records when given none. */
const DEFAULT_CONVERSION = 'Experiment Converted';

/**
 * Flag and experiment hooks and components over the provider's state. Until the client is ready they answer from
 * the server's snapshot, else the fallback. Conversions carry the experiment in `$experiment` / `$variation`:
 * `$` keys are the SDK's own and never break the tracking plan.
 */
export function createFlagBindings(useClientState: () => ClientState) {
  const useFeatureFlag = <T extends JsonValue = boolean>(key: string, fallback?: T): T => {
    const { client, snapshot } = useClientState();
    if (!client) {
      const known = snapshot?.flags[key];
      if (known === undefined || known === null) return (fallback ?? false) as T;
      return (fallback === undefined ? isOnValue(known) : known) as T;
    }
    return fallback === undefined ? (client.isOn(key) as T) : client.getFeatureValue(key, fallback);
  };
  const useABTest = (experiment: string) => {
    const { client, snapshot } = useClientState();
    const variation = client ? client.getVariant(experiment) : snapshot?.experiments[experiment];
    return {
      variant: variation,
      variation,
      /** Records a conversion of this experiment (`event` defaults to "Experiment Converted"). */
      convert(event = DEFAULT_CONVERSION, props: Props = {}) {
        if (client && variation !== undefined)
          client.track(event, { ...props, $experiment: experiment, $variation: variation });
      },
    };
  };
  const FeatureGate = ({
    flag,
    children,
    fallback = null,
  }: {
    flag: string;
    children?: unknown;
    fallback?: unknown;
  }) => (useFeatureFlag(flag) ? children : fallback);
  const ABTestVariant = ({
    experiment,
    variation,
    children,
  }: {
    experiment: string;
    variation: string;
    children?: unknown;
  }) => (useABTest(experiment).variation === variation ? children : null);
  return { useFeatureFlag, useABTest, FeatureGate, ABTestVariant };
}
