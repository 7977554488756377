import type { SqlDatabase, SqlDialect } from './sql-database.ts';

/**
 * One schema change. `id` is unique across the whole server and never changes once shipped (convention:
 * `<area>-<NNN>-<what>`, e.g. `events-001-create`). Write `sql` once in the common subset — TEXT, BIGINT,
 * DOUBLE PRECISION, `ON CONFLICT`, no AUTOINCREMENT/SERIAL, no `WITHOUT ROWID` — or give one text per dialect
 * when that is impossible.
 */
export interface Migration {
  id: string;
  sql: string | Record<SqlDialect, string>;
}

/**
 * Applies, in list order, every migration not yet recorded in `schema_migrations`, each in its own
 * transaction, and returns the ids it applied. On PostgreSQL an advisory lock keeps two servers starting at
 * once from racing.
 */
export async function runMigrations(
  db: SqlDatabase,
  migrations: readonly Migration[],
  now: () => number = Date.now,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new Error(`migration id "${migration.id}" is registered twice`);
    ids.add(migration.id);
  }
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(7263019)');
      if (await tx.get('SELECT id FROM schema_migrations WHERE id = ?', [migration.id])) return false;
      await tx.exec(typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.dialect]);
      await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, now()]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
