import type { FlagsState } from '../../../shared/bridge.ts';
import type { Attributes, FlagDetail, JsonValue } from '../../../shared/flags/types.ts';
import { activeContextOf, evaluationsFor, isOnValue } from './evaluated.ts';
import type { FlagsSnapshot } from './evaluated.ts';
import type { FlagsClient } from './flags-client.ts';

/** The reading half of a flags client: what the app and every event ask, answered at once. */
export type FlagReads = Pick<
  FlagsClient,
  'isOn' | 'getFeatureValue' | 'flagDetail' | 'getVariant' | 'activeContext' | 'state'
>;

/**
 * Flag reads answered from the snapshot the engine left on the previous page, for the same user (and the same
 * session when the config targets sessions), else as a missing flag, as before a first config arrives. Each read of
 * a flag is told to `onRead`, so the engine, once loaded, evaluates it again and records the exposure.
 */
export function snapshotReads(
  snapshot: FlagsSnapshot | undefined,
  attributes: () => Attributes,
  onRead: (key?: string) => void,
  productionMode: boolean,
): FlagReads {
  // Every event asks (for its flag context): without a snapshot there is no answer, so no need to read the session.
  const evaluations = () => (snapshot ? evaluationsFor(snapshot, attributes()) : undefined);
  const detail = (key: string): FlagDetail => {
    onRead(key);
    return (
      evaluations()?.[key]?.detail ?? {
        key,
        value: null,
        source: 'missing',
        ruleId: '',
        hashUsed: false,
        forced: false,
      }
    );
  };
  return {
    isOn: (key) => isOnValue(detail(key).value),
    getFeatureValue: <T extends JsonValue>(key: string, fallback: T): T => {
      const value = detail(key).value;
      return (value === null ? fallback : value) as T;
    },
    flagDetail: detail,
    getVariant(experimentKey) {
      onRead();
      const found = Object.entries(evaluations() ?? {}).find(
        ([, evaluated]) => evaluated.detail.experiment?.key === experimentKey,
      );
      return found && detail(found[0]).experiment?.variationKey;
    },
    activeContext() {
      const current = evaluations();
      return current && activeContextOf(current, false);
    },
    state(): FlagsState {
      onRead();
      return { configSource: 'none', productionMode, overrideStatus: 'none', flags: [], experiments: [] };
    },
  };
}
