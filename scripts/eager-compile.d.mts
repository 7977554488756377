/** Rewrites `code` so the functions `profiled` names are compiled as it loads; the rest stay lazy. */
export function eagerCompile(
  code: string,
  map: object,
  profiled: Set<string>,
  options: { module: boolean; file: string },
): { code: string; map: object; found: Set<string> };
/** The share of a script's profiled functions a build must still find for the profile to count as current. */
export const CURRENT_PROFILE_SHARE: number;
/** The start profile, as a set of source names per script; empty when there is none or it is switched off. */
export function readStartProfile(file: string): Record<string, Set<string>>;
