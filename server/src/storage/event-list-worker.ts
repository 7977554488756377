import { parentPort, workerData } from 'node:worker_threads';
import type { EventListMessage, EventListReply, EventListRequest, EventListSetup } from './event-list-protocol.ts';
import { createEventRepository } from './event-repository.ts';
import { openSqliteDatabase } from './sqlite.ts';

/** The event listing's SQLite page cache in KiB. */
const EVENT_LIST_CACHE_KIB = 4096;

/**
 * The event-list worker thread: the same repository code as the API's, over a read-only connection of its own to
 * the SQLite record, so a listing that scans millions of rows runs here and not on the API's event loop.
 */
const port = parentPort!;
const { file } = workerData as EventListSetup;
// A listing pages through the record once (at most 1000 events a page): 4 MB of page cache rather than 16 MB.
const db = openSqliteDatabase(file, { readOnly: true, cacheKib: EVENT_LIST_CACHE_KIB });
const events = createEventRepository(db);

/** Holds the thread in SQLite for `rows` rows: what a test uses as a listing that scans millions of events. */
const hold = (rows: number) =>
  db.get('WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT COUNT(*) FROM c', [rows]);

port.on('message', ({ id, query, holdRows }: EventListRequest) => {
  void (holdRows ? hold(holdRows) : Promise.resolve())
    .then(() => events.list(query))
    .then(
      (page) => port.postMessage({ id, ok: true, page } satisfies EventListReply),
      (error: unknown) =>
        port.postMessage({
          id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
          badInput: error instanceof RangeError,
        } satisfies EventListReply),
    );
});
port.postMessage({ ready: true } satisfies EventListMessage);
