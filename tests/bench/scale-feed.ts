import { Worker } from 'node:worker_threads';
import type { TrafficOptions } from './scale-traffic.ts';

/** The main thread asks the generator thread for this many more bodies. */
export interface FeedRequest {
  batches: number;
}

/** Gzipped request bodies from the generator thread, with their event counts and whether they are live traffic. */
export interface FeedMessage {
  bodies: Uint8Array[];
  events: number[];
  live: boolean[];
}

/** One ready request body. */
export interface FeedBatch {
  body: Uint8Array;
  events: number;
  /** False while the body is part of the history, true once the history is all made. */
  live: boolean;
}

/** Bodies made ahead in a worker thread: `take()` answers from a queue that refills before it runs dry. */
export interface BatchFeed {
  take(): Promise<FeedBatch>;
  /** Returns a body taken but not sent: the next `take()` answers it. */
  putBack(batch: FeedBatch): void;
  close(): Promise<void>;
}

const CHUNK = 200;

/**
 * Starts the generator thread (`workerFile`, the bundled `scale-worker.ts`). `skipEvents`: sessions are made and
 * dropped until that many events were made (a kept store already holds them), so what follows is new.
 */
export function startBatchFeed(
  workerFile: string,
  traffic: TrafficOptions,
  batchSize: number,
  skipEvents = 0,
): BatchFeed {
  const worker = new Worker(workerFile, { workerData: { traffic, batchSize, skipEvents } });
  const queue: FeedBatch[] = [];
  const waiting: { resolve(batch: FeedBatch): void; reject(error: Error): void }[] = [];
  let requested = false;
  let failure: Error | undefined;
  const refill = () => {
    if (requested || queue.length > CHUNK * 2) return;
    requested = true;
    worker.postMessage({ batches: CHUNK } satisfies FeedRequest);
  };
  worker.on('message', (message: FeedMessage) => {
    requested = false;
    for (const [index, body] of message.bodies.entries())
      queue.push({ body, events: message.events[index]!, live: message.live[index]! });
    while (waiting.length && queue.length) waiting.shift()!.resolve(queue.shift()!);
    refill();
  });
  worker.on('error', (error) => {
    failure = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  });
  refill();
  return {
    take() {
      if (failure) return Promise.reject(failure);
      const ready = queue.shift();
      refill();
      return ready ? Promise.resolve(ready) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    putBack(batch) {
      queue.unshift(batch);
    },
    close: async () => void (await worker.terminate()),
  };
}
