import type { OverrideStatus } from '../../../shared/bridge.ts';
import type { FlagsConfig, Overrides } from '../../../shared/flags/types.ts';
import type { FlagsEnvironment, FlagsHost, FlagsOptions } from './flags-client.ts';
import { tokenVerifier } from './verify-override.ts';

/** Whether these overrides change anything: a forced flag, experiment or attribute. */
function hasOverrides(overrides: Overrides): boolean {
  return !!(
    Object.keys(overrides.flags ?? {}).length ||
    Object.keys(overrides.experiments ?? {}).length ||
    Object.keys(overrides.attributes ?? {}).length
  );
}

/**
 * The extension's overrides in effect and how the last request for them ended. In production mode a request counts
 * only with a token `verifyOverrideToken` (by default: signed for the config's public key) accepts; a refused one
 * clears the overrides. `onChange` hears every request, applied or not.
 */
export function createOverrideState(
  host: Pick<FlagsHost, 'identity' | 'warn'>,
  options: Pick<FlagsOptions, 'productionMode' | 'verifyOverrideToken'>,
  environment: Pick<FlagsEnvironment, 'origin' | 'now' | 'loadOverrideToken'>,
  config: () => FlagsConfig | undefined,
  onChange: () => void,
) {
  let overrides: Overrides = {};
  let status: OverrideStatus = 'none';
  const verify =
    options.verifyOverrideToken ?? tokenVerifier(environment.origin, environment.now, environment.loadOverrideToken);
  const tokenAccepted = (token: string) =>
    verify(token, config(), host.identity().anonymousId).catch((error: unknown) => {
      host.warn?.(`the override token could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });

  return {
    current: () => overrides,
    status: () => status,
    /** Whether overrides shape the flags now. */
    active: () => hasOverrides(overrides),
    // Awaits only to check a token: without one the overrides apply (and listeners hear) before this returns.
    async apply(next: Overrides, token?: string): Promise<OverrideStatus> {
      const wanted = hasOverrides(next);
      let decided: OverrideStatus = wanted ? 'applied' : 'none';
      if (wanted && options.productionMode) {
        if (!token) decided = 'ignored-unsigned';
        else if (!(await tokenAccepted(token))) decided = 'ignored-invalid-token';
      }
      if (decided !== 'applied' && wanted)
        host.warn?.(
          `overrides ignored in production mode: ${decided === 'ignored-unsigned' ? 'no override token' : 'the override token is not valid'}`,
        );
      overrides = decided === 'applied' ? next : {};
      status = decided;
      onChange();
      return decided;
    },
  };
}
