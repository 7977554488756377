import { createHash } from 'node:crypto';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import type { ConfigVersion } from './flag-config-versions.ts';

/** The config as served: the body's bytes are computed once per version so the ETag is cheap. */
export interface ServedConfig {
  version: number;
  config: FlagsConfig;
  /** JSON body of `GET /flags/config`: the config with its version and the override-token public key. */
  body: string;
  etag: string;
  updatedAt: number;
}

/** The served form of a stored version (none yet: version 0 with no flags), signed with `publicKey`. */
export function toServedConfig(
  entry: ConfigVersion | undefined,
  publicKey: OverrideKeyPair['publicKey'],
): ServedConfig {
  const version = entry?.version ?? 0;
  const config: FlagsConfig = { ...(entry?.config ?? { flags: {} }), version };
  const body = JSON.stringify({ ...config, overrideTokenPublicKey: publicKey });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { version, config, body, etag, updatedAt: entry?.createdAt ?? 0 };
}
