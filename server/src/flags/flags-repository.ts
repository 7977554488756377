import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { appendConfigVersion, readConfigVersions } from './flag-config-versions.ts';
import type { ConfigVersion, ConfigVersionReads } from './flag-config-versions.ts';
import { storedSigningKey } from './flag-signing-key.ts';

/** The flags tables over either database. */
export interface FlagsRepository extends ConfigVersionReads {
  /** Appends a version; throws `VersionConflict` when the number is taken. */
  append(entry: ConfigVersion): Promise<void>;
  /** The stored signing key pair, storing `create()`'s when there is none (the first server to store wins). */
  signingKey(create: () => Promise<OverrideKeyPair>, now: number): Promise<OverrideKeyPair>;
}

/** Builds the repository over a database. */
export function createFlagsRepository(db: SqlDatabase): FlagsRepository {
  return {
    ...readConfigVersions(db),
    append: (entry) => appendConfigVersion(db, entry),
    signingKey: (create, now) => storedSigningKey(db, create, now),
  };
}
