import { verifyOverrideToken } from '../../../shared/override-token.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';

/**
 * The default production-mode check: the token must verify against the public key the config carries
 * (`overrideTokenPublicKey`) and, when it names an origin, be for this page's origin. No key, no overrides.
 */
export function tokenVerifier(origin: string | undefined, now: () => number) {
  return async (token: string, config: FlagsConfig | undefined): Promise<boolean> => {
    const publicKey = (config as { overrideTokenPublicKey?: JsonWebKey } | undefined)?.overrideTokenPublicKey;
    if (!publicKey) return false;
    return (await verifyOverrideToken(token, publicKey, { now: now(), origin })).ok;
  };
}
