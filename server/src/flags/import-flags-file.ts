import { diffFlags } from './config-diff.ts';
import { VersionConflict } from './flag-config-versions.ts';
import type { FlagsRepository } from './flags-repository.ts';
import type { FlagsFile } from './load-flags-file.ts';

/**
 * Appends the flags file as a new version when it is new or changed since its last import, so edits to the file
 * are versioned like admin changes; nothing without a file.
 */
export async function importFlagsFile(
  repository: FlagsRepository,
  file: FlagsFile | undefined,
  now: () => number,
): Promise<void> {
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
}
