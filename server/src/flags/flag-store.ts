import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { createOverrideKeyPair } from '../../../shared/override-token.ts';
import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import { createApplyConfigChange } from './apply-config-change.ts';
import type { ChangeRequest } from './apply-config-change.ts';
import type { ConfigChange, ConfigVersion } from './flag-config-versions.ts';
import type { FlagsRepository } from './flags-repository.ts';
import { importFlagsFile } from './import-flags-file.ts';
import type { FlagsFile } from './load-flags-file.ts';
import { toServedConfig } from './served-config.ts';
import type { ServedConfig } from './served-config.ts';

/** The current config, its changes and the signing key, over the repository. */
export interface FlagStore {
  current(): Promise<ServedConfig>;
  change(
    kind: ConfigChange['kind'],
    mutate: (config: FlagsConfig) => FlagsConfig,
    request: ChangeRequest,
  ): Promise<ServedConfig>;
  signingKey(): Promise<OverrideKeyPair>;
}

/**
 * The flag store: on first use it imports the flags file as a new version when the file is new or changed since
 * its last import (so edits to the file are versioned like admin changes), and from then on serves the newest
 * version in the database. Every `current()` checks the newest version number, so a change made through another
 * server on the same PostgreSQL (a kill switch) is served at once.
 */
export function createFlagStore(
  repository: FlagsRepository,
  file: FlagsFile | undefined,
  now: () => number = Date.now,
): FlagStore {
  const signingKey = createSigningKey(repository, now);
  const current = createCurrentConfig(repository, file, now, signingKey);
  return { current, signingKey, change: createApplyConfigChange(repository, now, current) };
}

/** The override-token key pair, loaded (or created) once; a failed load is retried on the next call. */
function createSigningKey(repository: FlagsRepository, now: () => number): () => Promise<OverrideKeyPair> {
  let keys: Promise<OverrideKeyPair> | undefined;
  return () =>
    (keys ??= repository
      .signingKey(() => createOverrideKeyPair(), now())
      .catch((error: unknown) => {
        keys = undefined;
        throw error;
      }));
}

/**
 * The newest version as served: the file is imported once before the first answer (retried when that fails), and
 * the served form is rebuilt only when the newest version number changed.
 */
function createCurrentConfig(
  repository: FlagsRepository,
  file: FlagsFile | undefined,
  now: () => number,
  signingKey: () => Promise<OverrideKeyPair>,
): () => Promise<ServedConfig> {
  let served: ServedConfig | undefined;
  let ready: Promise<void> | undefined;
  const serve = async (entry: ConfigVersion | undefined): Promise<ServedConfig> => {
    const { publicKey } = await signingKey();
    return toServedConfig(entry, publicKey);
  };
  return async () => {
    ready ??= importFlagsFile(repository, file, now).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    const latestVersion = await repository.latestVersion();
    if (!served || served.version !== latestVersion) served = await serve(await repository.get(latestVersion));
    return served;
  };
}
