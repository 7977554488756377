import type { InsightEvent, Props } from '../../../shared/protocol.ts';
import type { OutboxItem } from '../database.ts';
import { takeBatch } from './batcher.ts';
import type { LastSync } from './delivery-types.ts';
import type { DropCounter } from './drop-report.ts';
import { withSendLock } from './leader.ts';
import type { Locks } from './leader.ts';
import { INITIAL_RETRY_STATE, outcome, resumed, syncRecord } from './outcome.ts';
import type { OutcomeContext, RetryState } from './outcome.ts';
import { toItem } from './outbox.ts';
import type { DropReason, Outbox } from './outbox.ts';
import { priorityOf } from './priority.ts';
import type { SendResult } from './sender.ts';
import { yieldToMain } from './when-idle.ts';
import type { WriteBuffer } from './write-buffer.ts';

/** What the send loop is made of: the outbox and sender it joins, and the hooks back into the wiring. */
export interface SendLoopOptions extends Omit<OutcomeContext, 'now' | 'online'> {
  outbox: () => Promise<Outbox>;
  send: (events: InsightEvent[]) => Promise<SendResult>;
  buffer: Pick<WriteBuffer, 'settle' | 'forget'>;
  drops: DropCounter;
  makeReport: (props: Props) => InsightEvent | undefined;
  locks?: Locks;
  now: () => number;
  online: () => boolean;
  batchSize: number;
  batchBytes: number;
  /** Resolves when sending may start (an opt-out's deletion is done). */
  ready: () => Promise<unknown>;
  /** Asks for another drain after `delay` ms, replacing any planned one. */
  retryIn: (delay: number) => void;
  /** Called after each attempt. */
  onChange: () => void;
}

/** The loop that empties the outbox one batch at a time, and the retry state it keeps between drains. */
export interface SendLoop {
  /** Sends until the outbox is empty; rejects (events kept) when an attempt must be retried. */
  drain(manual: boolean): Promise<{ delivered: number; pending: number }>;
  /** Backoff starts over (back online, page shown again). */
  resume(): void;
  state(): RetryState;
  lastSync(): LastSync | undefined;
}

/**
 * Makes the send loop: takes a batch, sends it, and does what `outcome` decides. One drain at a time per tab, and one
 * per origin through the send lock; items leave the outbox only on a 2xx or a counted drop.
 */
export function createSendLoop(options: SendLoopOptions): SendLoop {
  const { now, drops } = options;
  const loop: LoopState = { state: INITIAL_RETRY_STATE };

  const drainOnce = async (): Promise<{ delivered: number; pending: number }> => {
    await options.ready();
    await options.buffer.settle();
    const outbox = await options.outbox();
    let delivered = 0;
    let maxCount = options.batchSize;
    for (;;) {
      const wait = loop.state.serverWaitUntil - now();
      if (wait > 0)
        throw new Error(
          `crm-insights: the server asked to wait ${wait} ms; ${await outbox.count()} events kept for retry`,
        );
      await queueDropReport(outbox, options);
      const { peeked, batch } = await nextBatch(outbox, maxCount, options.batchBytes);
      // The outbox held nothing: no count needed to say so (a count is 16 IndexedDB requests, see `countItems`).
      if (!batch.length) return { delivered, pending: 0 };
      const next = await attempt(options, loop, outbox, batch, maxCount);
      if (next === undefined)
        throw new Error(
          `crm-insights: delivery failed (${loop.lastSync?.error ?? 'unknown'}); ${await outbox.count()} events kept for retry`,
        );
      if (loop.lastSync?.ok) delivered += batch.length;
      // Fewer items than asked for is the whole outbox, and all of them were delivered: reading it again only to
      // find it empty costs a transaction. What was written meanwhile planned its own send (`enqueue`, or another
      // tab's `queued` message); drops counted meanwhile go now, in a report, on the next round.
      if (loop.lastSync?.ok && peeked.length < maxCount && batch.length === peeked.length && !drops.any())
        return { delivered, pending: 0 };
      maxCount = next;
      await yieldToMain();
    }
  };

  const drainInTurn = oneAtATime(() => withSendLock(options.locks, drainOnce));
  return {
    drain(manual) {
      if (!manual && loop.state.serverWaitUntil > now()) {
        options.retryIn(loop.state.serverWaitUntil - now());
        return Promise.resolve({ delivered: 0, pending: -1 });
      }
      return drainInTurn();
    },
    resume() {
      loop.state = resumed(loop.state);
    },
    state: () => loop.state,
    lastSync: () => loop.lastSync,
  };
}

/** What the loop keeps between attempts: the retry state `outcome` works from, and the last attempt's record. */
interface LoopState {
  state: RetryState;
  lastSync?: LastSync;
}

/** Sends one batch and applies the outcome; returns the next batch size, or undefined to stop. */
async function attempt(
  options: SendLoopOptions,
  loop: LoopState,
  outbox: Outbox,
  batch: OutboxItem[],
  maxCount: number,
): Promise<number | undefined> {
  const { now } = options;
  const result = await options.send(batch.map((item) => ({ ...item.event, attempt: item.attempts })));
  loop.lastSync = syncRecord(batch, result, now());
  const next = outcome(batch, result, loop.state, { ...options, now: now(), online: options.online() });
  loop.state = next.state;
  if (next.kind === 'ack' || next.kind === 'drop') {
    options.buffer.forget(next.forget);
    await outbox.remove(next.forget);
  }
  if (next.kind === 'drop') options.drops.add(next.reason, next.count);
  if (next.kind === 'retry') {
    // The attempt count is written only when the batch stays: a delivered one is removed anyway, so the common
    // case costs no write. A page that dies mid-request sends the same count again (the count is informational).
    await outbox.update(batch);
    if (next.retryIn !== undefined) options.retryIn(next.retryIn);
  }
  options.onChange();
  if (next.kind === 'retry') return undefined;
  return next.kind === 'split' ? next.maxCount : maxCount;
}

/** The next batch from the outbox, each item's attempt counted, and what was peeked to make it. */
async function nextBatch(outbox: Outbox, maxCount: number, maxBytes: number) {
  const peeked = await outbox.peek(maxCount);
  const batch = takeBatch(peeked, { maxCount, maxBytes }).map((item) => ({
    ...item,
    attempts: (item.attempts ?? 0) + 1,
  }));
  return { peeked, batch };
}

/** Puts the drops counted since the last report in the outbox as a `client_report` event, sent with the next batch. */
async function queueDropReport(
  outbox: Outbox,
  { drops, makeReport, now }: Pick<SendLoopOptions, 'drops' | 'makeReport' | 'now'>,
): Promise<void> {
  const counts = drops.take();
  if (!counts) return;
  let report: InsightEvent | undefined;
  try {
    report = makeReport({ dropped: counts as Props });
  } catch {
    // Counted again below: the next drain tries once more.
  }
  // Not made: the counts go back, for the next drain's report.
  if (!report) {
    for (const [reason, count] of Object.entries(counts)) drops.add(reason as DropReason, count ?? 0);
    return;
  }
  await outbox.add([toItem(report, priorityOf('client_report'), now())], true);
}

/** Runs `run` after the previous run has settled (whatever its outcome), so two never overlap. */
function oneAtATime<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(run);
    running = next;
    void next
      .finally(() => {
        if (running === next) running = undefined;
      })
      .catch(() => undefined);
    return next;
  };
}
