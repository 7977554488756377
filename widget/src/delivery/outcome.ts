import type { OutboxItem } from '../database.ts';
import type { LastSync } from './delivery-types.ts';
import { rejectedIds, splitBatch } from './batcher.ts';
import type { DropReason } from './outbox.ts';
import { PRIORITY } from './priority.ts';
import { backoffDelay } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { SendResult } from './sender.ts';

/** What delivery remembers between send attempts; replaced, never mutated, by `outcome`. */
export interface RetryState {
  /** Failed attempts in a row (any kind), for the backoff exponent. */
  failures: number;
  /** Network failures in a row while the browser said it was online (an ad blocker looks like this). */
  networkFailures: number;
  /** No automatic send before this time (ms): the server's `Retry-After`. */
  serverWaitUntil: number;
  /** The server's backpressure hint from its last 2xx: the share of new analytics events to keep. */
  sampleRate: number;
}

/** The state of a delivery that has not sent anything yet. */
export const INITIAL_RETRY_STATE: RetryState = { failures: 0, networkFailures: 0, serverWaitUntil: 0, sampleRate: 1 };

/** What `outcome` needs to know about the world besides the batch and the answer. */
export interface OutcomeContext {
  now: number;
  online: boolean;
  policy: RetryPolicy;
  /** Network failures in a row while online before retries wait for the next trigger. */
  maxNetworkRetries: number;
  random?: () => number;
}

/** What to do after one send attempt. Every kind but `split` carries the next state. */
export type Outcome =
  /** Delivered: remove the batch, send the next one. */
  | { kind: 'ack'; forget: string[]; state: RetryState }
  /** Some or all items can never be delivered: remove `forget`, count `count` drops under `reason`, go on. */
  | { kind: 'drop'; forget: string[]; reason: DropReason; count: number; state: RetryState }
  /** Too large: send the same items again in batches of at most `maxCount`. */
  | { kind: 'split'; maxCount: number; state: RetryState }
  /**
   * Keep the batch (with its attempt count) and stop this drain. `retryIn` is when to try again on our own (ms);
   * undefined means wait for a trigger (back online, page shown again, a new event, `flush()`).
   */
  | { kind: 'retry'; retryIn: number | undefined; state: RetryState };

/**
 * Decides what one send attempt's result means for the batch and the retry state. Pure: no timers, no I/O, so
 * every branch is a row in `outcome.test.ts`.
 */
export function outcome(
  batch: readonly OutboxItem[],
  result: SendResult,
  state: RetryState,
  context: OutcomeContext,
): Outcome {
  const ids = batch.map((item) => item.id);
  switch (result.kind) {
    case 'ok':
      return {
        kind: 'ack',
        forget: ids,
        state: { ...state, failures: 0, networkFailures: 0, sampleRate: result.sampleRate ?? 1 },
      };
    case 'too-large':
      if (splitBatch(batch)) return { kind: 'split', maxCount: Math.ceil(batch.length / 2), state };
      // One event alone is over the server's limit: no resend can ever succeed.
      return { kind: 'drop', forget: ids, reason: 'too_large', count: 1, state };
    case 'invalid': {
      // Without recognisable ids the whole batch would fail forever; drop it rather than loop.
      const bad = rejectedIds(batch, result.items);
      const forget = bad.size ? [...bad] : ids;
      return { kind: 'drop', forget, reason: bad.size ? 'invalid' : 'rejected', count: forget.length, state };
    }
    case 'rejected':
      return { kind: 'drop', forget: ids, reason: 'rejected', count: ids.length, state };
    case 'retry':
      return retryOutcome(result, state, context);
  }
}

function retryOutcome(
  result: Extract<SendResult, { kind: 'retry' }>,
  state: RetryState,
  context: OutcomeContext,
): Outcome {
  const failures = state.failures + 1;
  const networkFailures = state.networkFailures + (result.network && context.online ? 1 : 0);
  const delay = result.retryAfter ?? backoffDelay(failures, context.policy, context.random);
  const serverWaitUntil = result.retryAfter === undefined ? state.serverWaitUntil : context.now + delay;
  // Offline: the `online` event resumes. Blocked while online: a few backed-off retries, then wait for a trigger.
  const retryIn = context.online && networkFailures <= context.maxNetworkRetries ? delay : undefined;
  return { kind: 'retry', retryIn, state: { ...state, failures, networkFailures, serverWaitUntil } };
}

/** The state after a trigger that may mean the way is clear again (back online, page shown): backoff starts over. */
export function resumed(state: RetryState): RetryState {
  return { ...state, failures: 0, networkFailures: 0 };
}

/**
 * Whether backpressure sheds a new event: only analytics, never errors or what a person submitted, and only the
 * share the server asked for (`random()` at or above the sample rate).
 */
export function shedsEvent(priority: number, state: RetryState, random: () => number): boolean {
  return priority === PRIORITY.analytics && state.sampleRate < 1 && random() >= state.sampleRate;
}

/** The record of one attempt, for the extension's status view (errors cut to 500 characters). */
export function syncRecord(batch: readonly OutboxItem[], result: SendResult, at: number): LastSync {
  const ok = result.kind === 'ok';
  return {
    at,
    ok,
    status: result.status,
    error: result.kind === 'ok' ? undefined : result.error.slice(0, 500),
    delivered: ok ? batch.length : 0,
  };
}
