import type { InsightEvent } from '../../../shared/protocol.ts';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { SqlDatabase, SqlDialect } from './sql-database.ts';

/** An event as stored: what the client sent plus when the server received it and its clock-corrected time. */
export interface StoredEvent extends InsightEvent {
  receivedAt: number;
  /** The client timestamp shifted by the client's clock skew (batch sentAt vs. server time). */
  correctedTs: number;
}

/** Filters for reading events back; all optional, newest first. */
export interface EventQuery {
  type?: string;
  name?: string;
  sessionId?: string;
  userId?: string;
  since?: number;
  until?: number;
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  /** Newest first (default) or oldest first, as a session's timeline reads. */
  order?: 'asc' | 'desc';
}

export interface EventPage {
  events: StoredEvent[];
  nextCursor?: string;
}

/** What an ingest stored: new events and ids it had already. */
export interface InsertResult {
  accepted: number;
  duplicates: number;
}

/** The one storage interface the app is given: events, plus the database itself for each area's repositories. */
export interface Storage {
  readonly kind: SqlDialect;
  readonly db: SqlDatabase;
  /** Stores events once by id (a duplicate is counted, not stored again). */
  insertEvents(events: readonly StoredEvent[]): Promise<InsertResult>;
  /** Reads events back by filter, a page at a time. */
  listEvents(query: EventQuery): Promise<EventPage>;
  /** Every analytics read: a DuckDB projection of the events, fed from this database by a worker thread. */
  readonly analytics: AnalyticsEngine;
  /** Closes the analytics engine, then the database. */
  close(): Promise<void>;
}
