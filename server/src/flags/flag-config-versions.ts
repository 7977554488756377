import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { SqlDatabase, SqlValue } from '../storage/sql-database.ts';

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

/** Thrown when another change took the version number first (a concurrent admin change). */
export class VersionConflict extends Error {}

/** Reads of `flag_config_versions`. */
export interface ConfigVersionReads {
  latestVersion(): Promise<number>;
  get(version: number): Promise<ConfigVersion | undefined>;
  latest(): Promise<ConfigVersion | undefined>;
  /** The newest import from the flags file, to see whether the file changed since. */
  latestFromFile(): Promise<ConfigVersion | undefined>;
  /** Newest first, without the configs (they can be large): fetch one with `get`. */
  history(limit: number): Promise<Omit<ConfigVersion, 'config'>[]>;
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

const COLUMNS = 'version, config, actor, author, note, change, created_at';

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

/** The stored config versions on `db`, one read each. */
export function readConfigVersions(db: SqlDatabase): ConfigVersionReads {
  const oneVersion = async (where: string, params: readonly SqlValue[] = []) => {
    const row = await db.get<VersionRow>(`SELECT ${COLUMNS} FROM flag_config_versions ${where}`, params);
    return row && fromRow(row);
  };
  return {
    async latestVersion() {
      const row = await db.get<{ version: number | null }>('SELECT MAX(version) AS version FROM flag_config_versions');
      return Number(row?.version ?? 0);
    },
    get: (version) => oneVersion('WHERE version = ?', [version]),
    latest: () => oneVersion('ORDER BY version DESC LIMIT 1'),
    latestFromFile: () => oneVersion('WHERE actor = ? ORDER BY version DESC LIMIT 1', ['file']),
    async history(limit) {
      const rows = await db.all<VersionRow>(
        `SELECT ${COLUMNS} FROM flag_config_versions ORDER BY version DESC LIMIT ?`,
        [limit],
      );
      return rows.map((row) => {
        const { config: _config, ...rest } = fromRow(row);
        return rest;
      });
    },
  };
}

/** Appends `entry` on `db`; throws `VersionConflict` when its number is taken. */
export async function appendConfigVersion(db: SqlDatabase, entry: ConfigVersion): Promise<void> {
  const { changes } = await db.run(
    `INSERT INTO flag_config_versions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING`,
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
}
