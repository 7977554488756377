import { parentPort, workerData } from 'node:worker_threads';
import type { EventListReply, EventListRequest, EventListSetup } from './event-list-protocol.ts';
import { createEventRepository } from './event-repository.ts';
import { openSqliteDatabase } from './sqlite.ts';

/**
 * The event-list worker thread: the same repository code as the API's, over a read-only connection of its own to
 * the SQLite record, so a listing that scans millions of rows runs here and not on the API's event loop.
 */
const port = parentPort!;
const { file } = workerData as EventListSetup;
const events = createEventRepository(openSqliteDatabase(file, { readOnly: true }));

port.on('message', ({ id, query }: EventListRequest) => {
  void events.list(query).then(
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
