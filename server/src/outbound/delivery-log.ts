import type { SqlDatabase } from '../storage/sql-database.ts';
import type { DeliveryAttempt } from './deliver.ts';

/** The delivery log: one row per outbound attempt, for every kind of delivery. */
export interface DeliveryLog {
  /** Stores an attempt; an attempt number already stored for the same subject is kept as it was. */
  record(attempt: DeliveryAttempt): Promise<void>;
  /** Every attempt for one subject, in order. */
  attempts(kind: string, subjectId: string): Promise<DeliveryAttempt[]>;
}

interface Row {
  kind: string;
  subject_id: string;
  attempt: number;
  at: number;
  target: string;
  ok: number;
  status: number | null;
  error: string | null;
}

/** The log over the shared SQL seam; the same queries run on SQLite and PostgreSQL. */
export function createDeliveryLog(db: SqlDatabase): DeliveryLog {
  return {
    async record(attempt) {
      await db.run(
        'INSERT INTO outbound_deliveries (kind, subject_id, attempt, at, target, ok, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [
          attempt.kind,
          attempt.subjectId,
          attempt.attempt,
          attempt.at,
          attempt.url,
          attempt.ok ? 1 : 0,
          attempt.status ?? null,
          attempt.error ?? null,
        ],
      );
    },
    async attempts(kind, subjectId) {
      const rows = await db.all<Row>(
        'SELECT * FROM outbound_deliveries WHERE kind = ? AND subject_id = ? ORDER BY attempt',
        [kind, subjectId],
      );
      return rows.map((row) => ({
        kind: row.kind,
        subjectId: row.subject_id,
        url: row.target,
        attempt: Number(row.attempt),
        at: Number(row.at),
        ok: Number(row.ok) === 1,
        ...(row.status === null ? {} : { status: Number(row.status) }),
        ...(row.error === null ? {} : { error: row.error }),
      }));
    },
  };
}
