import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPage, EventQuery, InsertResult, Storage, StoredEvent } from './types.ts';

const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     name TEXT,
     ts INTEGER NOT NULL,
     corrected_ts INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     session_id TEXT NOT NULL,
     anonymous_id TEXT NOT NULL,
     user_id TEXT,
     body TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX events_by_time ON events (corrected_ts, id);
   CREATE INDEX events_by_session ON events (session_id, corrected_ts);
   CREATE INDEX events_by_type ON events (type, name, corrected_ts);`,
];

/** Opens (creating and migrating) the SQLite database file in `dataDir`, in WAL mode. */
export function openSqliteStorage(dataDir: string, fileName = 'insights.sqlite'): Storage {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const insert = db.prepare(
    `INSERT OR IGNORE INTO events (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, user_id, body)
     VALUES (@id, @type, @name, @ts, @correctedTs, @receivedAt, @sessionId, @anonymousId, @userId, @body)`,
  );
  const insertMany = db.transaction((events: readonly StoredEvent[]): InsertResult => {
    let accepted = 0;
    for (const event of events) {
      accepted += insert.run({
        id: event.id,
        type: event.type,
        name: event.name ?? null,
        ts: event.ts,
        correctedTs: event.correctedTs,
        receivedAt: event.receivedAt,
        sessionId: event.sessionId,
        anonymousId: event.anonymousId,
        userId: event.userId ?? null,
        body: JSON.stringify(event),
      }).changes;
    }
    return { accepted, duplicates: events.length - accepted };
  });

  return {
    kind: 'sqlite',
    async insertEvents(events) {
      return insertMany(events);
    },
    async listEvents(query) {
      return listEvents(db, query);
    },
    async close() {
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let index = version; index < MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[index]!);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}

function listEvents(db: Database.Database, query: EventQuery): EventPage {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: query.limit + 1 };
  const filters: [keyof EventQuery, string][] = [
    ['type', 'type = @type'],
    ['name', 'name = @name'],
    ['sessionId', 'session_id = @sessionId'],
    ['userId', 'user_id = @userId'],
    ['since', 'corrected_ts >= @since'],
    ['until', 'corrected_ts < @until'],
  ];
  for (const [key, clause] of filters) {
    const value = query[key];
    if (value !== undefined) {
      where.push(clause);
      params[key] = value as string | number;
    }
  }
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    where.push('(corrected_ts < @cursorTs OR (corrected_ts = @cursorTs AND id < @cursorId))');
    params.cursorTs = cursor.ts;
    params.cursorId = cursor.id;
  }
  const rows = db
    .prepare(
      `SELECT body, received_at, corrected_ts FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY corrected_ts DESC, id DESC LIMIT @limit`,
    )
    .all(params) as { body: string; received_at: number; corrected_ts: number }[];
  const events = rows.slice(0, query.limit).map((row) => JSON.parse(row.body) as StoredEvent);
  const last = events[events.length - 1];
  return { events, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
}

/** Cursors are opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(event: Pick<StoredEvent, 'correctedTs' | 'id'>): string {
  return Buffer.from(`${event.correctedTs}:${event.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { ts: number; id: string } | undefined {
  if (!cursor) return undefined;
  const [ts, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!id || !Number.isFinite(Number(ts))) throw new RangeError('cursor is not one this server issued');
  return { ts: Number(ts), id };
}
