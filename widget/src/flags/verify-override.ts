import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { loadChunk } from '../load-chunk.ts';
import type { ChunkLoader } from '../load-chunk.ts';

/**
 * The default production-mode check: the token must verify against the public key the config carries
 * (`overrideTokenPublicKey`) and be for this page's origin and this browser's anonymous id. No key, no overrides. The
 * verifier is an on-demand chunk; where chunks cannot load (an npm build without `setChunkBase`) overrides are
 * refused, never trusted, and the reason is reported.
 */
export function tokenVerifier(
  origin: string | undefined,
  now: () => number,
  load: ChunkLoader<'override-token'> = () => loadChunk('override-token'),
) {
  return async (token: string, config: FlagsConfig | undefined, anonymousId: string): Promise<boolean> => {
    const publicKey = (config as { overrideTokenPublicKey?: JsonWebKey } | undefined)?.overrideTokenPublicKey;
    if (!publicKey) return false;
    // Not `lazyFeature`: here a chunk that cannot load must refuse loudly (the rejection is the reason reported).
    const { verifyOverrideToken } = await load();
    return (await verifyOverrideToken(token, publicKey, { now: now(), origin, anonymousId })).ok;
  };
}
