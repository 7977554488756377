import { ReplayChunkPropsSchema } from '../../../shared/protocol.ts';
import * as v from 'valibot';
import type { SqlDatabase, SqlValue } from '../storage/sql-database.ts';
import type { StoredEvent } from '../storage/types.ts';
import type { ReplayChunk } from './reassemble.ts';
import { REPLAY_CHUNK_KEYS } from './replay-chunk-keys.ts';
import { listReplaySessions } from './replay-sessions.ts';
import type { ReplaySessionSummary } from './replay-sessions.ts';

/** A stored replay event at its sequence number, as a chunk unless its props are not a chunk's (stored before validation existed). */
interface StoredChunk {
  seq: number;
  chunk?: ReplayChunk;
}

/** Where a session's replay chunks are read from, a page at a time: what reassembly needs of storage. */
export interface ReplayChunkSource {
  /** The session's first recording whose id sorts after `replayId` ('' for its first), if any. */
  nextRecording(replayId: string): Promise<string | undefined>;
  /** How many chunks recording `replayId` has stored, copies sent twice included. */
  chunkCount(replayId: string): Promise<number>;
  /**
   * Up to `limit` of recording `replayId`'s stored chunks with a sequence number of at least `fromSeq` (`after`: above
   * it), by sequence number; of copies of one, the earliest stored comes first.
   */
  chunkPage(replayId: string, from: { seq: number; after: boolean }, limit: number): Promise<StoredChunk[]>;
}

/**
 * Replay chunks are ingested as ordinary `replay` events (same outbox, same dedup by id, same table), so this
 * repository reads them from the events store rather than keeping a copy: on SQLite and PostgreSQL alike, through
 * the index `events_replay_chunks` (recording, then sequence number), so no read holds more than a page of chunks.
 */
export function createReplayRepository(db: SqlDatabase) {
  const { replayId: REPLAY_ID, seq: SEQ, seqParam: SEQ_PARAM } = REPLAY_CHUNK_KEYS[db.dialect];
  const ofSession = "FROM events WHERE type = 'replay' AND session_id = ?";
  // PostgreSQL merges the ordered index scans of the monthly partitions only when sorting looks dearer: it guessed
  // 37 rows where a session had 20 000 (the session and the recording go together), sorted them all instead, parsing
  // every body (134 ms a page, not 0.5 ms), so the reads in index order are planned with sorting switched off
  // (https://www.postgresql.org/docs/15/runtime-config-query.html#GUC-ENABLE-SORT).
  const inIndexOrder = <Row>(sql: string, params: SqlValue[]): Promise<Row[]> =>
    db.dialect === 'postgres'
      ? db.transaction(async (tx) => {
          await tx.exec('SET LOCAL enable_sort = off');
          return tx.all<Row>(sql, params);
        })
      : db.all<Row>(sql, params);
  return {
    /** Sessions with replay, most recently recorded first. */
    sessions: (limit: number): Promise<ReplaySessionSummary[]> => listReplaySessions(db, limit),
    /** Session `sessionId`'s chunks, a page at a time. */
    chunksOf(sessionId: string): ReplayChunkSource {
      return {
        async nextRecording(replayId) {
          const [row] = await inIndexOrder<{ replay_id: string }>(
            `SELECT ${REPLAY_ID} AS replay_id ${ofSession} AND ${REPLAY_ID} > ? ORDER BY ${REPLAY_ID} LIMIT 1`,
            [sessionId, replayId],
          );
          return row?.replay_id;
        },
        async chunkCount(replayId) {
          const row = await db.get<{ chunks: number }>(`SELECT COUNT(*) AS chunks ${ofSession} AND ${REPLAY_ID} = ?`, [
            sessionId,
            replayId,
          ]);
          return Number(row?.chunks ?? 0);
        },
        async chunkPage(replayId, from, limit) {
          const rows = await inIndexOrder<{ seq: number; body: string }>(
            `SELECT ${SEQ} AS seq, body ${ofSession} AND ${REPLAY_ID} = ? AND ${SEQ} ${from.after ? '>' : '>='} ${SEQ_PARAM}
             ORDER BY ${SEQ}, corrected_ts, id LIMIT ?`,
            [sessionId, replayId, from.seq, limit],
          );
          return rows.map((row) => ({ seq: Number(row.seq), chunk: toChunk(JSON.parse(row.body) as StoredEvent) }));
        },
      };
    },
    /** How many replay chunks session `sessionId` has stored, counted up to `upTo` at most. */
    async storedChunks(sessionId: string, upTo: number): Promise<number> {
      const row = await db.get<{ chunks: number }>(
        `SELECT COUNT(*) AS chunks FROM (SELECT 1 ${ofSession} LIMIT ?) AS stored`,
        [sessionId, upTo],
      );
      return Number(row?.chunks ?? 0);
    },
  };
}

/** A stored replay event as a chunk; events stored before validation existed (no valid props) are skipped. */
function toChunk(event: StoredEvent): ReplayChunk | undefined {
  const props = v.safeParse(ReplayChunkPropsSchema, event.props ?? {});
  if (!props.success || event.data === undefined) return undefined;
  const { replayId, seq, part, final, encoding } = props.output;
  return { replayId, seq, part, final, encoding, data: event.data };
}
