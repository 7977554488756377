import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { OverrideKeyPair } from '../../../shared/override-token.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** What a change did, in words a history reader needs: which flags were added, removed or changed. */
export interface ConfigChange {
  kind: 'file' | 'replace' | 'set-flag' | 'delete-flag';
  added: string[];
  removed: string[];
  changed: string[];
  /** For `file`: the file and the SHA-256 of its content, so a restart imports it again only when it changed. */
  file?: { path: string; sha256: string };
}

/** One stored version of the config: what, who, when. */
export interface ConfigVersion {
  version: number;
  config: FlagsConfig;
  /** Who made it: `file` or `staff:<token fingerprint>`. */
  actor: string;
  /** The name the staff member gave, if any (not verified; the actor is). */
  author?: string;
  note?: string;
  change: ConfigChange;
  createdAt: number;
}

interface VersionRow {
  version: number;
  config: string;
  actor: string;
  author: string | null;
  note: string | null;
  change: string;
  created_at: number;
}

function fromRow(row: VersionRow): ConfigVersion {
  return {
    version: Number(row.version),
    config: JSON.parse(row.config) as FlagsConfig,
    actor: row.actor,
    ...(row.author ? { author: row.author } : {}),
    ...(row.note ? { note: row.note } : {}),
    change: JSON.parse(row.change) as ConfigChange,
    createdAt: Number(row.created_at),
  };
}

/** Thrown when another change took the version number first (a concurrent admin change). */
export class VersionConflict extends Error {}

/** The flags tables over either database. */
export interface FlagsRepository {
  latestVersion(): Promise<number>;
  get(version: number): Promise<ConfigVersion | undefined>;
  latest(): Promise<ConfigVersion | undefined>;
  /** The newest import from the flags file, to see whether the file changed since. */
  latestFromFile(): Promise<ConfigVersion | undefined>;
  /** Newest first, without the configs (they can be large): fetch one with `get`. */
  history(limit: number): Promise<Omit<ConfigVersion, 'config'>[]>;
  /** Appends a version; throws `VersionConflict` when the number is taken. */
  append(entry: ConfigVersion): Promise<void>;
  /** The stored signing key pair, storing `create()`'s when there is none (the first server to store wins). */
  signingKey(create: () => Promise<OverrideKeyPair>, now: number): Promise<OverrideKeyPair>;
}

/** Builds the repository over a database. */
export function createFlagsRepository(db: SqlDatabase): FlagsRepository {
  const columns = 'version, config, actor, author, note, change, created_at';
  return {
    async latestVersion() {
      const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM flag_config_versions');
      return Number(row?.version ?? 0);
    },
    async get(version) {
      const row = await db.get<VersionRow>(`SELECT ${columns} FROM flag_config_versions WHERE version = ?`, [version]);
      return row && fromRow(row);
    },
    async latest() {
      const row = await db.get<VersionRow>(`SELECT ${columns} FROM flag_config_versions ORDER BY version DESC LIMIT 1`);
      return row && fromRow(row);
    },
    async latestFromFile() {
      const row = await db.get<VersionRow>(
        `SELECT ${columns} FROM flag_config_versions WHERE actor = ? ORDER BY version DESC LIMIT 1`,
        ['file'],
      );
      return row && fromRow(row);
    },
    async history(limit) {
      const rows = await db.all<VersionRow>(
        `SELECT ${columns} FROM flag_config_versions ORDER BY version DESC LIMIT ?`,
        [limit],
      );
      return rows.map((row) => {
        const { config: _config, ...rest } = fromRow(row);
        return rest;
      });
    },
    async append(entry) {
      const { changes } = await db.run(
        `INSERT INTO flag_config_versions (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
        [
          entry.version,
          JSON.stringify(entry.config),
          entry.actor,
          entry.author ?? null,
          entry.note ?? null,
          JSON.stringify(entry.change),
          entry.createdAt,
        ],
      );
      if (changes === 0) throw new VersionConflict(`version ${entry.version} was written by another change`);
    },
    async signingKey(create, now) {
      const read = () =>
        db.get<{ public_jwk: string; private_jwk: string }>(
          'SELECT public_jwk, private_jwk FROM flag_signing_keys WHERE id = ?',
          ['override-token'],
        );
      let row = await read();
      if (!row) {
        const pair = await create();
        await db.run(
          'INSERT INTO flag_signing_keys (id, public_jwk, private_jwk, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
          ['override-token', JSON.stringify(pair.publicKey), JSON.stringify(pair.privateKey), now],
        );
        row = await read();
      }
      return {
        publicKey: JSON.parse(row!.public_jwk) as JsonWebKey,
        privateKey: JSON.parse(row!.private_jwk) as JsonWebKey,
      };
    },
  };
}
