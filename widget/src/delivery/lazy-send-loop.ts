import type { ChunkMap } from '../load-chunk.ts';
import type { DeliveryOptions } from './delivery-types.ts';
import { INITIAL_RETRY_STATE } from './outcome.ts';
import type { SendLoop, SendLoopOptions } from './send-loop.ts';

/** The `send` chunk, or `undefined` when it did not load (see `lazyFeature`). */
export type SendChunkLoader = () => Promise<ChunkMap['send'] | undefined>;

/** What the send loop shares with the rest of delivery; the chunk makes the sender and the loop around them. */
export type SendLoopParts = Omit<
  SendLoopOptions,
  'send' | 'policy' | 'maxNetworkRetries' | 'batchSize' | 'batchBytes'
> & {
  fetch: typeof fetch;
};

/**
 * The send loop, made from the `send` chunk on the first drain with delivery's options (each with its default here).
 * While the chunk cannot load (offline, 404), a drain rejects, every event stays in the outbox, and `retryIn` plans
 * the next try with the same doubling backoff as a failed send (back online or shown again starts it over).
 */
export function lazySendLoop(load: SendChunkLoader, options: DeliveryOptions, parts: SendLoopParts): SendLoop {
  const policy = { baseDelay: options.retryDelay ?? 1000, maxDelay: options.maxRetryDelay ?? 300_000 };
  const make = ({ createSendLoop, createSender }: ChunkMap['send']) =>
    createSendLoop({
      ...parts,
      policy,
      maxNetworkRetries: options.maxNetworkRetries ?? 5,
      batchSize: options.batchSize ?? 50,
      // Serializing a batch runs on the main thread: 128 KiB keeps that step well under 50 ms.
      batchBytes: options.batchBytes ?? 128 * 1024,
      send: createSender({
        // `endpoint` and `writeKey`; the lines below set the sender's other options.
        ...options,
        fetch: parts.fetch,
        now: parts.now,
        timeout: options.requestTimeout ?? 10_000,
        gzipAbove: options.gzipAbove ?? 1024,
        maxRetryAfter: policy.maxDelay,
      }),
    });
  let loop: SendLoop | undefined;
  let wait = policy.baseDelay;
  return {
    async drain(manual) {
      if (!loop) {
        const chunk = await load();
        if (!chunk) {
          parts.retryIn(wait);
          wait = Math.min(wait * 2, policy.maxDelay);
          throw new Error('crm-insights: the send chunk did not load; events kept for retry');
        }
        loop ??= make(chunk);
      }
      return loop.drain(manual);
    },
    resume() {
      wait = policy.baseDelay;
      loop?.resume();
    },
    state: () => loop?.state() ?? INITIAL_RETRY_STATE,
    lastSync: () => loop?.lastSync(),
  };
}
