import type { SqlDialect } from '../storage/sql-database.ts';

/**
 * A stored replay chunk's place, read from its JSON body: the recording (`props.replayId`) and the sequence number
 * (`props.seq`). The index `events_replay_chunks` (`replay/migrations.ts`) is built on these very expressions, and a
 * query must spell them the same way for the database to use it. PostgreSQL compares the id byte by byte
 * (`COLLATE "C"`), as SQLite does, and keeps `seq` as jsonb, whose numbers order as numbers and whose cast never
 * fails on a body without one (https://www.postgresql.org/docs/15/datatype-json.html#JSON-INDEXING).
 */
export const REPLAY_CHUNK_KEYS: Record<SqlDialect, { replayId: string; seq: string; seqParam: string }> = {
  sqlite: {
    replayId: "json_extract(body, '$.props.replayId')",
    seq: "json_extract(body, '$.props.seq')",
    seqParam: '?',
  },
  postgres: {
    replayId: `(((body::jsonb) #>> '{props,replayId}') COLLATE "C")`,
    seq: "((body::jsonb) #> '{props,seq}')",
    seqParam: 'to_jsonb(?::double precision)',
  },
};
