import type { BridgeOverrides } from '../../shared/bridge.ts';

/** Overrides last 24 hours unless QA says otherwise: long enough for a test session, short enough to be forgotten safely. */
export const OVERRIDE_TTL_MS = 24 * 60 * 60 * 1000;

/** One origin's overrides, when they lapse, and the signed token that vouches for them in production mode. */
export interface OriginOverrides {
  overrides: BridgeOverrides;
  expiresAt: number;
  token?: string;
}

/** Every origin's overrides, keyed by origin (`https://crm.example.com`). */
export type OverridesByOrigin = Record<string, OriginOverrides>;

/** One change QA makes: force (or with `value: undefined`, release) a flag or a variation, or set simulated attributes. */
export type OverrideChange =
  | { kind: 'flag'; key: string; value: unknown }
  | { kind: 'experiment'; key: string; variation: number | string | undefined }
  | { kind: 'attributes'; attributes: Record<string, unknown> | undefined };

/** How many things an overrides object forces. */
export function countOverrides(overrides: BridgeOverrides | undefined): number {
  return (
    Object.keys(overrides?.flags ?? {}).length +
    Object.keys(overrides?.experiments ?? {}).length +
    Object.keys(overrides?.attributes ?? {}).length
  );
}

/** The entry if it still forces something (none once expired or empty). */
export function liveOverrides(entry: OriginOverrides | null | undefined, now: number): OriginOverrides | undefined {
  return entry && entry.expiresAt > now && countOverrides(entry.overrides) > 0 ? entry : undefined;
}

/** The origin's live overrides (none once expired). */
export function activeOverrides(
  all: OverridesByOrigin | null | undefined,
  origin: string,
  now: number,
): OriginOverrides | undefined {
  return liveOverrides(all?.[origin], now);
}

/** Drops expired and empty entries, so storage does not grow with every origin ever visited. */
export function pruneOverrides(all: OverridesByOrigin | null | undefined, now: number): OverridesByOrigin {
  const kept: OverridesByOrigin = {};
  for (const [origin, entry] of Object.entries(all ?? {})) if (activeOverrides(all, origin, now)) kept[origin] = entry;
  return kept;
}

/** Applies one change to an origin; each change restarts the expiry clock. Returns a new map. */
export function applyOverrideChange(
  all: OverridesByOrigin | null | undefined,
  origin: string,
  change: OverrideChange,
  now: number,
  ttl = OVERRIDE_TTL_MS,
): OverridesByOrigin {
  const pruned = pruneOverrides(all, now);
  const current = pruned[origin]?.overrides ?? {};
  const next: BridgeOverrides = {
    flags: { ...current.flags },
    experiments: { ...current.experiments },
    attributes: { ...current.attributes },
  };
  if (change.kind === 'flag') {
    if (change.value === undefined) delete next.flags![change.key];
    else next.flags![change.key] = change.value;
  } else if (change.kind === 'experiment') {
    if (change.variation === undefined) delete next.experiments![change.key];
    else next.experiments![change.key] = change.variation;
  } else {
    next.attributes = { ...change.attributes };
  }
  for (const part of ['flags', 'experiments', 'attributes'] as const)
    if (!Object.keys(next[part] ?? {}).length) delete next[part];
  if (!countOverrides(next)) return clearOverrides(pruned, origin);
  return {
    ...pruned,
    [origin]: {
      overrides: next,
      expiresAt: now + ttl,
      ...(pruned[origin]?.token ? { token: pruned[origin]!.token } : {}),
    },
  };
}

/** Removes everything forced on one origin ("clear all"). */
export function clearOverrides(all: OverridesByOrigin | null | undefined, origin: string): OverridesByOrigin {
  const rest = { ...all };
  delete rest[origin];
  return rest;
}

/** Attaches a signed override token to an origin's overrides. */
export function withToken(all: OverridesByOrigin, origin: string, token: string | undefined): OverridesByOrigin {
  const entry = all[origin];
  if (!entry) return all;
  const { token: _old, ...rest } = entry;
  return { ...all, [origin]: token ? { ...rest, token } : rest };
}
