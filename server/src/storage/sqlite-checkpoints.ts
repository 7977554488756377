import { Worker } from 'node:worker_threads';
import { workerScript } from '../analytics/engine/worker-script.ts';

/** What the checkpoint thread is started with. */
export interface CheckpointSetup {
  file: string;
  intervalMs: number;
}

/** How often the thread checkpoints: the WAL holds at most about this long of commits (a few MB at full ingest). */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * How many WAL pages make a commit checkpoint by itself (SQLite's default is 1,000) while the thread does it: a
 * safety net, reached only if the thread falls behind or failed, so the WAL never grows without bound.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** A running checkpoint thread. */
export interface BackgroundCheckpoints {
  /** Stops the thread after its current checkpoint, and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts the thread that checkpoints the WAL of SQLite file `file` (see `sqlite-checkpoint-worker.ts`). The
 * thread does not keep the process alive; if it cannot start or fails, the caller's automatic checkpoints
 * (`FALLBACK_AUTOCHECKPOINT_PAGES`) still bound the WAL.
 */
export function startBackgroundCheckpoints(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): BackgroundCheckpoints {
  const started = workerScript('sqlite-checkpoint').then(
    (script) => {
      const thread = new Worker(script, { workerData: { file, intervalMs } satisfies CheckpointSetup });
      thread.on('error', (error) => console.error('[crm-insights] background WAL checkpoints stopped', error));
      thread.unref();
      return thread;
    },
    (error: unknown) => {
      console.error('[crm-insights] background WAL checkpoints did not start', error);
      return undefined;
    },
  );
  return {
    async stop() {
      const thread = await started;
      if (!thread || thread.threadId === -1) return;
      const ended = new Promise<void>((done) => thread.once('exit', () => done()));
      // Held again while it stops: an unreferenced thread's exit would not keep a process that waits for it alive.
      thread.ref();
      thread.postMessage('stop');
      await ended;
    },
  };
}
