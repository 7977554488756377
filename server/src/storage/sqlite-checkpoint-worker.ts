import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointSetup } from './sqlite-checkpoints.ts';

/**
 * The checkpoint thread: a connection of its own to the SQLite file that copies the WAL back into the database
 * every `intervalMs`, so that the API's connection, whose commits would otherwise do it (and wait for the writes
 * and the fsync of a many-gigabyte file on its event loop), never has to. PASSIVE waits for no reader or writer
 * (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html); once it has copied every frame, the next commit starts
 * the WAL over from its beginning.
 */
const port = parentPort!;
const { file, intervalMs } = workerData as CheckpointSetup;
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Left to the API connection's own (later) automatic checkpoint; say so once per failure.
    console.error(
      `[crm-insights] background WAL checkpoint failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}, intervalMs);
port.on('message', () => {
  clearInterval(timer);
  db.close();
  port.close();
});
