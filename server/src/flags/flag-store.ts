import { createHash } from 'node:crypto';
import { validateFlagsConfig } from '../../../shared/flags/validate-config.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { createOverrideKeyPair } from '../../../shared/override-token.ts';
import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import { HttpError } from '../http-errors.ts';
import { diffFlags } from './config-diff.ts';
import type { FlagsFile } from './load-flags-file.ts';
import { VersionConflict } from './flags-repository.ts';
import type { ConfigChange, ConfigVersion, FlagsRepository } from './flags-repository.ts';

/** The config as served: the body's bytes are computed once per version so the ETag is cheap. */
interface ServedConfig {
  version: number;
  config: FlagsConfig;
  /** JSON body of `GET /flags/config`: the config with its version and the override-token public key. */
  body: string;
  etag: string;
  updatedAt: number;
}

/** Who asks for a change, and why. */
export interface ChangeRequest {
  actor: string;
  author?: string;
  note?: string;
  /** When given, the change applies only if this is still the current version (else 409). */
  baseVersion?: number;
}

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
  let served: ServedConfig | undefined;
  let keys: Promise<OverrideKeyPair> | undefined;
  let ready: Promise<void> | undefined;

  const signingKey = () =>
    (keys ??= repository
      .signingKey(() => createOverrideKeyPair(), now())
      .catch((error: unknown) => {
        keys = undefined;
        throw error;
      }));

  const importFile = async () => {
    if (!file) return;
    const lastImport = await repository.latestFromFile();
    if (lastImport?.change.file?.sha256 === file.sha256) return;
    const latest = await repository.latest();
    try {
      await repository.append({
        version: (latest?.version ?? 0) + 1,
        config: file.config,
        actor: 'file',
        change: {
          kind: 'file',
          ...diffFlags(latest?.config, file.config),
          file: { path: file.path, sha256: file.sha256 },
        },
        createdAt: now(),
      });
    } catch (error) {
      // Another server imported at the same moment; its version stands.
      if (!(error instanceof VersionConflict)) throw error;
    }
  };

  const serve = async (entry: ConfigVersion | undefined): Promise<ServedConfig> => {
    const { publicKey } = await signingKey();
    const version = entry?.version ?? 0;
    const config: FlagsConfig = { ...(entry?.config ?? { flags: {} }), version };
    const body = JSON.stringify({ ...config, overrideTokenPublicKey: publicKey });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    return { version, config, body, etag, updatedAt: entry?.createdAt ?? 0 };
  };

  const current = async (): Promise<ServedConfig> => {
    ready ??= importFile().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    const latestVersion = await repository.latestVersion();
    if (!served || served.version !== latestVersion) served = await serve(await repository.get(latestVersion));
    return served;
  };

  return {
    current,
    signingKey,
    async change(kind, mutate, request) {
      const base = await current();
      if (request.baseVersion !== undefined && request.baseVersion !== base.version) {
        throw new HttpError(
          409,
          `the config is at version ${base.version}, not ${request.baseVersion}: reload it and apply the change again`,
        );
      }
      const { version: _version, ...previous } = base.config;
      const next = mutate(structuredClone(previous));
      const check = validateFlagsConfig(next);
      if (!check.ok) {
        throw new HttpError(
          400,
          `the changed config is invalid: ${check.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
          check.problems.map((problem, index) => ({ index, message: `${problem.path}: ${problem.message}` })),
        );
      }
      const entry: ConfigVersion = {
        version: base.version + 1,
        config: next,
        actor: request.actor,
        ...(request.author ? { author: request.author } : {}),
        ...(request.note ? { note: request.note } : {}),
        change: { kind, ...diffFlags(previous, next) },
        createdAt: now(),
      };
      try {
        await repository.append(entry);
      } catch (error) {
        if (error instanceof VersionConflict)
          throw new HttpError(
            409,
            `another change made version ${entry.version} first: reload and apply the change again`,
          );
        throw error;
      }
      return current();
    },
  };
}
