import type { SqlDatabase } from '../storage/sql-database.ts';
import type { ErrorStatus, ErrorStatusRow } from './error-groups.ts';

/** The owners' decisions on error groups (open, resolved, ignored): kept in the record, joined into the groups read. */
export interface ErrorStatusRepository {
  list(): Promise<ErrorStatusRow[]>;
  set(fingerprint: string, status: ErrorStatus, at: number): Promise<void>;
}

/** Error group decisions on either database. */
export function createErrorStatusRepository(db: SqlDatabase): ErrorStatusRepository {
  return {
    list: () =>
      db.all<ErrorStatusRow>('SELECT fingerprint, status, status_changed_at AS "statusChangedAt" FROM error_groups'),
    async set(fingerprint, status, at) {
      await db.run(
        'INSERT INTO error_groups (fingerprint, status, status_changed_at) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, status_changed_at = excluded.status_changed_at',
        [fingerprint, status, at],
      );
    },
  };
}
