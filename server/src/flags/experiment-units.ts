import type { ExperimentSummary } from '../../../shared/flags/list-experiments.ts';
import type { StoredEvent } from '../storage/types.ts';
import { isOverridden } from './is-overridden.ts';

/** One unit (hashed user) of an experiment: its variation from its first exposure, and whether it saw another. */
export interface Unit {
  variation: string;
  firstExposure: number;
  multiple: boolean;
}

/** What an experiment's exposures say: its units, who they are, and how many exposures were left out and why. */
interface ExperimentUnits {
  /** Every unit seen in a known variation, by unit key, in order of first exposure. */
  units: Map<string, Unit>;
  /** `user:<userId>` and `anon:<anonymousId>` to the unit key they were first exposed as. */
  identities: Map<string, string>;
  /** Units seen only in forced or overridden exposures. */
  excludedForced: number;
  excludedUnknownVariation: number;
}

/**
 * Assigns an experiment's exposures, oldest first, to units: the hashed user (`props.hashAttribute` +
 * `props.hashValue`, else the anonymous id), counted from their first exposure. Forced exposures, overridden
 * events and unknown variations assign nothing; a unit seen in a second variation is marked `multiple`.
 */
export function assignUnits(experiment: ExperimentSummary, exposures: readonly StoredEvent[]): ExperimentUnits {
  const units = new Map<string, Unit>();
  const identities = new Map<string, string>();
  const counts = { excludedForced: 0, excludedUnknownVariation: 0 };
  const forcedUnits = new Set<string>();
  const sorted = [...exposures].sort((a, b) => a.correctedTs - b.correctedTs);
  for (const event of sorted) {
    const props = ((event as { props?: Record<string, unknown> }).props ?? {}) as Record<string, unknown>;
    if (props.experiment !== experiment.key) continue;
    const unitKey = unitKeyOf(event, props);
    if (isOverridden(event)) {
      forcedUnits.add(unitKey);
      continue;
    }
    const variation = String(props.variation);
    if (!experiment.variations.includes(variation)) {
      counts.excludedUnknownVariation++;
      continue;
    }
    const unit = units.get(unitKey);
    if (!unit) units.set(unitKey, { variation, firstExposure: event.correctedTs, multiple: false });
    else if (unit.variation !== variation) unit.multiple = true;
    for (const identity of [event.userId && `user:${event.userId}`, `anon:${event.anonymousId}`]) {
      if (identity && !identities.has(identity)) identities.set(identity, unitKey);
    }
  }
  counts.excludedForced = [...forcedUnits].filter((key) => !units.has(key)).length;
  return { units, identities, ...counts };
}

/** The unit an exposure counts for: the hashed user, else the anonymous id. */
function unitKeyOf(event: StoredEvent, props: Record<string, unknown>): string {
  return typeof props.hashValue === 'string' && props.hashValue
    ? `${String(props.hashAttribute ?? 'id')}:${props.hashValue}`
    : `anonymousId:${event.anonymousId}`;
}
