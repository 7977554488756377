import { validateFlagsConfig } from '../../shared/flags/validate-config.ts';
import type { FlagsConfig } from '../../shared/flags/types.ts';

/**
 * The flags config the page sent, if it is one the API itself would accept; otherwise undefined (the panel then
 * explains each flag by its source and rule only). The bridge schema passes the config through unchecked, and the
 * panel runs its rules to explain every value: a malformed one (`rules: 5`) would crash the panel, and a
 * backtracking `$regex` such as `(a+)+$` would freeze it, so the page's word is checked like an admin's upload.
 */
export function pageFlagsConfig(config: unknown): FlagsConfig | undefined {
  if (config === undefined) return undefined;
  const check = validateFlagsConfig(config);
  return check.ok ? check.config : undefined;
}
