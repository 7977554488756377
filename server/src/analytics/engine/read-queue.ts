import { HttpError } from '../../http-errors.ts';

/** How many reads run at once and how many may wait for a turn. */
export interface ReadLimits {
  concurrency: number;
  maxQueued: number;
  /** What the reads are, for the 503 when the line is full (default "analytics"). */
  what?: string;
}

/** A bounded semaphore: `acquire` waits for a turn, or fails at once with 503 when the waiting line is full. */
export interface ReadQueue {
  /** Resolves with the function that gives the turn back; rejects if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<() => void>;
  readonly running: number;
  readonly queued: number;
}

/** Seconds a client is told to wait when the line is full: reads are short, so a moment. */
const QUEUE_FULL_RETRY_SECONDS = 1;

/** A queue for `limits`; a turn passes to the longest waiting read. */
export function createReadQueue(limits: ReadLimits): ReadQueue {
  const waiting: { grant: (release: () => void) => void }[] = [];
  let running = 0;
  const release = () => {
    const next = waiting.shift();
    if (next) next.grant(once(release));
    else running--;
  };
  return {
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (running < limits.concurrency) {
        running++;
        return Promise.resolve(once(release));
      }
      if (waiting.length >= limits.maxQueued) {
        return Promise.reject(
          new HttpError(
            503,
            `${limits.what ?? 'analytics'} is busy: ${waiting.length} reads are already waiting; retry in a moment`,
            undefined,
            { 'Retry-After': String(QUEUE_FULL_RETRY_SECONDS) },
          ),
        );
      }
      return new Promise((resolve, reject) => {
        const entry = { grant: resolve };
        waiting.push(entry);
        signal.addEventListener(
          'abort',
          () => {
            const index = waiting.indexOf(entry);
            if (index >= 0) waiting.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      action();
    }
  };
}

/**
 * Runs `work` once `queue` gives it a turn, and rejects with `expired()` when `timeoutMs` passes first, waiting
 * included. `work` gets the signal that aborts at the limit; the turn is given back only when `work` settles.
 */
export function runInTurn<T>(
  queue: ReadQueue,
  timeoutMs: number,
  expired: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(expired()), timeoutMs);
    limit.signal.addEventListener('abort', () => reject(limit.signal.reason), { once: true });
    void queue.acquire(limit.signal).then(async (release) => {
      try {
        if (!limit.signal.aborted) resolve(await work(limit.signal));
      } catch (error) {
        reject(error);
      } finally {
        clearTimeout(timer);
        release();
      }
    }, reject);
  });
}
