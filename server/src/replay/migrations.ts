import type { Migration } from '../storage/migrations.ts';
import { REPLAY_CHUNK_KEYS } from './replay-chunk-keys.ts';

const chunkIndex = ({ replayId, seq }: { replayId: string; seq: string }) =>
  `CREATE INDEX events_replay_chunks ON events (session_id, ${replayId}, ${seq}, corrected_ts, id) WHERE type = 'replay'`;

/**
 * Replay chunks stay ordinary `replay` events; this index orders a session's chunks by recording and sequence number,
 * so a replay answer reads them a page at a time and stops at its limits, however many the session stored. Partial,
 * so only replay events pay for it. Building it reads every stored replay chunk once.
 */
export const replayMigrations: readonly Migration[] = [
  {
    id: 'replay-001-chunk-index',
    sql: { sqlite: chunkIndex(REPLAY_CHUNK_KEYS.sqlite), postgres: chunkIndex(REPLAY_CHUNK_KEYS.postgres) },
  },
  // Replay chunks newest first, in the order the sessions list sorts (`replay-sessions.ts`), so the list walks back
  // from the newest chunk and stops once it has found its sessions instead of grouping every stored chunk.
  {
    id: 'replay-002-sessions-by-time',
    sql: "CREATE INDEX events_replay_by_time ON events (corrected_ts DESC, session_id) WHERE type = 'replay'",
  },
];
