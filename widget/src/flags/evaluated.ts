import type { Attributes, FlagDetail, FlagsConfig, JsonValue } from '../../../shared/flags/types.ts';

/** A flag's evaluation without what only the engine needs: the value the app reads, and why. */
export interface EvaluatedFlag {
  value: JsonValue;
  detail: FlagDetail;
}

/**
 * Every flag as last evaluated for one user, kept in localStorage by the flags engine, so that the next page can
 * answer flag reads at once while the engine's chunk is still loading: no flicker on a returning user's first
 * render. `attributes` are those the evaluation used; `sessionId` is among them only when the config mentions it.
 */
export interface FlagsSnapshot {
  attributes: Attributes;
  evaluations: Record<string, EvaluatedFlag>;
}

/** The targeting attributes of the current user: the ids the client knows, then the app's own. */
export function userAttributes(
  who: { anonymousId: string; sessionId: string; userId?: string },
  extra: Attributes,
): Attributes {
  return {
    id: who.anonymousId,
    anonymousId: who.anonymousId,
    sessionId: who.sessionId,
    ...(who.userId ? { userId: who.userId } : {}),
    ...extra,
  };
}

/** Whether a flag's value counts as on (GrowthBook's truthiness: `null`, `false`, `0` and `''` are off). */
export function isOnValue(value: JsonValue): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

/** The flags and variants an event carries: scalar values only (a JSON flag can be large; its key finds it again). */
export function activeContextOf(evaluations: Record<string, EvaluatedFlag>, overridden: boolean) {
  const flags: Record<string, JsonValue> = {};
  const experiments: Record<string, string> = {};
  for (const [key, { value, detail }] of Object.entries(evaluations)) {
    if (value === null || typeof value !== 'object') flags[key] = value;
    if (detail.experiment) experiments[detail.experiment.key] = detail.experiment.variationKey;
  }
  return { flags, experiments, overridden };
}

/** A snapshot of these evaluations for these attributes. */
export function takeSnapshot(
  config: FlagsConfig,
  attributes: Attributes,
  evaluations: Record<string, EvaluatedFlag>,
): FlagsSnapshot {
  const { sessionId, ...rest } = attributes;
  const usesSession = JSON.stringify(config).includes('"sessionId"');
  return {
    attributes: usesSession ? attributes : rest,
    evaluations: Object.fromEntries(
      Object.entries(evaluations).map(([key, { value, detail }]) => [key, { value, detail }]),
    ),
  };
}

/** The snapshot's evaluations if it was taken for these attributes, else nothing. */
export function evaluationsFor(
  snapshot: FlagsSnapshot | undefined,
  attributes: Attributes,
): Record<string, EvaluatedFlag> | undefined {
  if (!snapshot) return undefined;
  const { sessionId, ...rest } = attributes;
  return JSON.stringify('sessionId' in snapshot.attributes ? attributes : rest) === JSON.stringify(snapshot.attributes)
    ? snapshot.evaluations
    : undefined;
}

/** The localStorage key of the snapshot, beside the cached config's. */
export function snapshotKey(configKey: string): string {
  return `${configKey}:evaluated`;
}
