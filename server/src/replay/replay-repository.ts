import { ReplayChunkPropsSchema } from '../../../shared/protocol.ts';
import * as v from 'valibot';
import type { Storage, StoredEvent } from '../storage/types.ts';
import type { ReplayChunk } from './reassemble.ts';

/** A session that has replay chunks stored. */
export interface ReplaySessionSummary {
  sessionId: string;
  firstAt: number;
  lastAt: number;
  chunks: number;
}

/**
 * Replay chunks are ingested as ordinary `replay` events (same outbox, same dedup by id, same table), so this
 * repository reads them from the events store rather than keeping a copy: on SQLite and PostgreSQL alike.
 */
export function createReplayRepository(storage: Pick<Storage, 'db' | 'listEvents'>) {
  return {
    /** Every chunk of a session, oldest first, following the event store's pages. */
    async chunksOf(sessionId: string): Promise<ReplayChunk[]> {
      const chunks: ReplayChunk[] = [];
      let cursor: string | undefined;
      do {
        const page = await storage.listEvents({ type: 'replay', sessionId, order: 'asc', limit: 1000, cursor });
        for (const event of page.events) {
          const chunk = toChunk(event);
          if (chunk) chunks.push(chunk);
        }
        cursor = page.nextCursor;
      } while (cursor);
      return chunks;
    },
    /** Sessions with replay, most recently recorded first. */
    async sessions(limit: number): Promise<ReplaySessionSummary[]> {
      const rows = await storage.db.all<{ session_id: string; first_at: number; last_at: number; chunks: number }>(
        `SELECT session_id, MIN(corrected_ts) AS first_at, MAX(corrected_ts) AS last_at, COUNT(*) AS chunks
         FROM events WHERE type = 'replay' GROUP BY session_id ORDER BY last_at DESC, session_id LIMIT ?`,
        [limit],
      );
      return rows.map((row) => ({
        sessionId: row.session_id,
        firstAt: Number(row.first_at),
        lastAt: Number(row.last_at),
        chunks: Number(row.chunks),
      }));
    },
  };
}

/** A stored replay event as a chunk; events stored before validation existed (no valid props) are skipped. */
function toChunk(event: StoredEvent): ReplayChunk | undefined {
  const props = v.safeParse(ReplayChunkPropsSchema, event.props ?? {});
  if (!props.success || event.data === undefined) return undefined;
  const { replayId, seq, part, final, encoding } = props.output;
  return { replayId, seq, part, final, encoding, data: event.data, ts: event.correctedTs };
}
