import { parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { serializeBatch } from '../../shared/protocol.ts';
import { createTraffic } from './scale-traffic.ts';
import type { TrafficOptions } from './scale-traffic.ts';
import type { FeedMessage, FeedRequest } from './scale-feed.ts';

/**
 * The scale bench's generator thread: makes the traffic and gzips it into request bodies (at most
 * `batchSize` events each, one session per body as a browser tab sends them), so the main thread only sends.
 * `sentAt` is stamped when a body is made; bodies wait at most a few seconds in the feed, so the server's
 * clock correction moves events by no more than that.
 */
const {
  traffic: options,
  batchSize,
  skipEvents,
} = workerData as { traffic: TrafficOptions; batchSize: number; skipEvents: number };
const traffic = createTraffic(options);
// Whole sessions, so a session half sent by an earlier run on a kept store is not sent again.
while (traffic.generated < skipEvents) traffic.next();

parentPort!.on('message', (request: FeedRequest) => {
  const bodies: Uint8Array[] = [];
  const events: number[] = [];
  const live: boolean[] = [];
  while (bodies.length < request.batches) {
    const isLive = traffic.generated >= options.events;
    const session = traffic.next();
    for (let start = 0; start < session.length; start += batchSize) {
      const chunk = session.slice(start, start + batchSize);
      bodies.push(new Uint8Array(gzipSync(serializeBatch(chunk, Date.now()))));
      events.push(chunk.length);
      live.push(isLive);
    }
  }
  const message: FeedMessage = { bodies, events, live };
  parentPort!.postMessage(
    message,
    bodies.map((body) => body.buffer as ArrayBuffer),
  );
});
