import type { ChunkMap } from '../load-chunk.ts';
import { INITIAL_RETRY_STATE } from './outcome.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { SendLoop } from './send-loop.ts';

/** The `send` chunk, or `undefined` when it did not load (see `lazyFeature`). */
export type SendChunkLoader = () => Promise<ChunkMap['send'] | undefined>;

/**
 * The send loop, made from the `send` chunk on the first drain. While the chunk cannot load (offline, 404), a drain
 * rejects, every event stays in the outbox, and `retryIn` plans the next try with the same doubling backoff as a
 * failed send (back online or shown again starts it over).
 */
export function lazySendLoop(
  load: SendChunkLoader,
  make: (chunk: ChunkMap['send']) => SendLoop,
  retryIn: (delay: number) => void,
  policy: RetryPolicy,
): SendLoop {
  let loop: SendLoop | undefined;
  let wait = policy.baseDelay;
  return {
    async drain(manual) {
      if (!loop) {
        const chunk = await load();
        if (!chunk) {
          retryIn(wait);
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
