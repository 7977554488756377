import type { EventPage, EventQuery } from './types.ts';

/** What the event-list worker is started with: the SQLite record it opens read-only. */
export interface EventListSetup {
  file: string;
}

/** A listing sent to the worker. */
export interface EventListRequest {
  id: number;
  query: EventQuery;
  /** Tests only: SQLite counts this many rows first, native work as slow as a scan of millions of events. */
  holdRows?: number;
}

/** The worker's answer to request `id`: the page, or why not (`badInput`: the repository's RangeError, a 400). */
export type EventListReply =
  | { id: number; ok: true; page: EventPage }
  | { id: number; ok: false; message: string; badInput: boolean };

/** Everything the worker posts: `ready` once its connection is open, then one reply per request. */
export type EventListMessage = EventListReply | { ready: true };
