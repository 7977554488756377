import type { FlagsConfig } from '../../../shared/flags/types.ts';

/** Which flag keys a change added, removed or changed (by value), for the version history. */
export function diffFlags(
  before: FlagsConfig | undefined,
  after: FlagsConfig,
): { added: string[]; removed: string[]; changed: string[] } {
  const old = before?.flags ?? {};
  const added = Object.keys(after.flags).filter((key) => !Object.hasOwn(old, key));
  const removed = Object.keys(old).filter((key) => !Object.hasOwn(after.flags, key));
  const changed = Object.keys(after.flags).filter(
    (key) => Object.hasOwn(old, key) && JSON.stringify(old[key]) !== JSON.stringify(after.flags[key]),
  );
  return { added, removed, changed };
}
