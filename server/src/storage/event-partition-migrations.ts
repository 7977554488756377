import type { Migration } from './migrations.ts';
import { RECORD_BARRIER_LOCK } from './record-barrier.ts';

/**
 * PostgreSQL only: `events` becomes a table partitioned by month of `corrected_ts` (native declarative
 * partitioning), so retention drops whole months instead of deleting rows, and gains `seq`, the record's
 * monotonic position the analytics projection reads in order. A unique index on a partitioned table must
 * include the partition key, and `corrected_ts` differs between two deliveries of one event (it depends on
 * the batch's `sentAt`), so the one-row-per-id guarantee moves to `event_ids`, an unpartitioned table of ids
 * written in the same statement as the event (see docs/operations.md). SQLite keeps its table (`rowid` is
 * its position).
 *
 * The migration converts an existing database in place: a partition for every month that holds rows, then
 * the rows copied in time order (so `seq` follows time for the history), then the old table dropped.
 */
export const eventPartitionMigrations: Migration[] = [
  {
    id: 'events-002-partition-by-month',
    sql: {
      sqlite: 'SELECT 1',
      postgres: `
        ALTER TABLE events RENAME TO events_unpartitioned;
        ALTER INDEX IF EXISTS events_by_time RENAME TO events_unpartitioned_by_time;
        ALTER INDEX IF EXISTS events_by_session RENAME TO events_unpartitioned_by_session;
        ALTER INDEX IF EXISTS events_by_type RENAME TO events_unpartitioned_by_type;
        CREATE SEQUENCE events_seq AS BIGINT;
        CREATE TABLE event_ids (id TEXT PRIMARY KEY, corrected_ts BIGINT NOT NULL);
        CREATE TABLE events (
          id TEXT NOT NULL,
          type TEXT NOT NULL,
          name TEXT,
          ts BIGINT NOT NULL,
          corrected_ts BIGINT NOT NULL,
          received_at BIGINT NOT NULL,
          session_id TEXT NOT NULL,
          anonymous_id TEXT NOT NULL,
          user_id TEXT,
          body TEXT NOT NULL,
          seq BIGINT NOT NULL DEFAULT nextval('events_seq')
        ) PARTITION BY RANGE (corrected_ts);
        ALTER SEQUENCE events_seq OWNED BY events.seq;
        CREATE TABLE events_default PARTITION OF events DEFAULT;
        CREATE INDEX events_by_time ON events (corrected_ts, id);
        CREATE INDEX events_by_session ON events (session_id, corrected_ts);
        CREATE INDEX events_by_type ON events (type, name, corrected_ts);
        CREATE INDEX events_by_seq ON events (seq);
        DO $$
        DECLARE month_start TIMESTAMP;
        BEGIN
          FOR month_start IN
            SELECT DISTINCT date_trunc('month', to_timestamp(corrected_ts / 1000.0) AT TIME ZONE 'UTC') FROM events_unpartitioned
          LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%s) TO (%s)',
              'events_p' || to_char(month_start, 'YYYYMM'),
              (extract(epoch FROM month_start) * 1000)::BIGINT,
              (extract(epoch FROM month_start + INTERVAL '1 month') * 1000)::BIGINT);
          END LOOP;
        END $$;
        INSERT INTO event_ids (id, corrected_ts) SELECT id, corrected_ts FROM events_unpartitioned;
        INSERT INTO events (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body)
          SELECT id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body
          FROM events_unpartitioned ORDER BY corrected_ts, id;
        DROP TABLE events_unpartitioned;`,
    },
  },
  {
    // Ingest in one round trip: BEGIN, the barrier lock, one INSERT per 100 events and COMMIT were up to seven
    // round trips per group of requests, each a wait for a scheduler slot on a busy machine. Called on its own (an
    // implicit transaction), it commits before it answers. The arrays are one per column (`unnest` zips them), so
    // the statement text is the same for any group size and PL/pgSQL plans the INSERT once per connection, where a
    // multi-row VALUES list was parsed and planned again for every chunk.
    id: 'events-003-insert-function',
    sql: {
      sqlite: 'SELECT 1',
      postgres: `
        CREATE FUNCTION insert_events(
          ids TEXT[], types TEXT[], names TEXT[], times BIGINT[], corrected_times BIGINT[], received_times BIGINT[],
          session_ids TEXT[], anonymous_ids TEXT[], user_ids TEXT[], bodies TEXT[]
        ) RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
        BEGIN
          -- The record barrier (record-barrier.ts), before the INSERT draws any seq.
          PERFORM pg_advisory_xact_lock_shared(${RECORD_BARRIER_LOCK}, hashtext(current_schema()));
          RETURN QUERY
            WITH incoming (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body) AS (
              SELECT * FROM unnest(ids, types, names, times, corrected_times, received_times, session_ids,
                anonymous_ids, user_ids, bodies)
            ),
            fresh AS (
              INSERT INTO event_ids (id, corrected_ts) SELECT i.id, i.corrected_ts FROM incoming i
              ON CONFLICT (id) DO NOTHING RETURNING event_ids.id
            )
            INSERT INTO events (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body)
            SELECT i.id, i.type, i.name, i.ts, i.corrected_ts, i.received_at, i.session_id, i.anonymous_id,
              i.user_id, i.body
            FROM incoming i WHERE i.id IN (SELECT f.id FROM fresh f)
            RETURNING events.id;
        END $$;`,
    },
  },
];
