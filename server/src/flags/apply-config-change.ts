import { validateFlagsConfig } from '../../../shared/flags/validate-config.ts';
import type { ConfigCheck } from '../../../shared/flags/validate-config.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { HttpError } from '../http-errors.ts';
import { diffFlags } from './config-diff.ts';
import { VersionConflict } from './flag-config-versions.ts';
import type { ConfigChange, ConfigVersion } from './flag-config-versions.ts';
import type { FlagsRepository } from './flags-repository.ts';
import type { ServedConfig } from './served-config.ts';

/** Who asks for a change, and why. */
export interface ChangeRequest {
  actor: string;
  author?: string;
  note?: string;
  /** When given, the change applies only if this is still the current version (else 409). */
  baseVersion?: number;
}

/** Applies `mutate` to the current config and serves the result; the flag store's `change`. */
type ApplyConfigChange = (
  kind: ConfigChange['kind'],
  mutate: (config: FlagsConfig) => FlagsConfig,
  request: ChangeRequest,
) => Promise<ServedConfig>;

/**
 * The flag store's `change`: checks the base version, validates the changed config and appends it as the next
 * version (409 when another change made that version first), then serves the newest version.
 */
export function createApplyConfigChange(
  repository: FlagsRepository,
  now: () => number,
  current: () => Promise<ServedConfig>,
): ApplyConfigChange {
  return async (kind, mutate, request) => {
    const base = await current();
    assertBaseVersion(base, request);
    const { version: _version, ...previous } = base.config;
    const next = mutate(structuredClone(previous));
    assertValidConfig(next);
    const entry: ConfigVersion = {
      version: base.version + 1,
      config: next,
      actor: request.actor,
      ...(request.author ? { author: request.author } : {}),
      ...(request.note ? { note: request.note } : {}),
      change: { kind, ...diffFlags(previous, next) },
      createdAt: now(),
    };
    await appendVersion(repository, entry);
    return current();
  };
}

/** 409 when the request names a base version that is no longer the current one. */
function assertBaseVersion(base: ServedConfig, request: ChangeRequest): void {
  if (request.baseVersion !== undefined && request.baseVersion !== base.version) {
    throw new HttpError(
      409,
      `the config is at version ${base.version}, not ${request.baseVersion}: reload it and apply the change again`,
    );
  }
}

/** 400 listing every problem when the changed config is invalid. */
function assertValidConfig(next: FlagsConfig): void {
  const check = validateFlagsConfig(next);
  if (!check.ok) {
    throw new HttpError(
      400,
      `the changed config is invalid: ${check.problems.map(describeProblem).join('; ')}`,
      check.problems.map((problem, index) => ({ index, message: describeProblem(problem) })),
    );
  }
}

/** A validation problem as one line: where, then what. */
function describeProblem(problem: Extract<ConfigCheck, { ok: false }>['problems'][number]): string {
  return `${problem.path}: ${problem.message}`;
}

/** Appends the version; 409 when another change appended the same version number first. */
async function appendVersion(repository: FlagsRepository, entry: ConfigVersion): Promise<void> {
  try {
    await repository.append(entry);
  } catch (error) {
    if (error instanceof VersionConflict)
      throw new HttpError(409, `another change made version ${entry.version} first: reload and apply the change again`);
    throw error;
  }
}
