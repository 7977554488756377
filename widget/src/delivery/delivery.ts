import type { InsightEvent, Props } from '../../../shared/protocol.ts';
import type { OutboxItem } from '../database.ts';
import { rejectedIds, splitBatch, takeBatch } from './batcher.ts';
import { createDropCounter } from './drop-report.ts';
import type { DropCounts } from './drop-report.ts';
import { electLeader, withSendLock } from './leader.ts';
import type { Locks } from './leader.ts';
import { openOutbox, toItem } from './outbox.ts';
import type { Outbox, OutboxOptions } from './outbox.ts';
import { sendOnExit } from './page-exit.ts';
import { PRIORITY, priorityOf } from './priority.ts';
import { DEFAULT_RETRY_POLICY, backoffDelay } from './retry-policy.ts';
import { createSender, eventsUrl } from './sender.ts';
import type { SendResult } from './sender.ts';
import { startWhenIdle, yieldToMain } from './when-idle.ts';

/** Tuning of delivery; every field has a default. */
export interface DeliveryOptions {
  endpoint: string;
  writeKey: string;
  /** Most events in one request. Default 50 (the server takes up to 500). */
  batchSize?: number;
  /** Most bytes in one request before compression. Default 128 KiB (the server takes 1 MiB): serializing a batch runs on the main thread, and a smaller one keeps that step well under 50 ms. */
  batchBytes?: number;
  /** Wait after an event before sending, to gather a batch (ms). Default 1000. */
  flushDelay?: number;
  /** First retry delay (ms). Default 1000; doubles per failure, with jitter. */
  retryDelay?: number;
  /** Longest wait between retries, including the server's `Retry-After` (ms). Default 300000. */
  maxRetryDelay?: number;
  /** Abort a request without an answer after this long (ms). Default 10000. */
  requestTimeout?: number;
  /** Gzip request bodies larger than this (bytes). Default 1024: JSON batches shrink to about a quarter. */
  gzipAbove?: number;
  /** Most events kept in the outbox. Default 10000. */
  maxQueueItems?: number;
  /** Most bytes kept in the outbox. Default 5 MiB. */
  maxQueueBytes?: number;
  /** Network failures in a row while online (an ad blocker) before retries wait for the next trigger. Default 5. */
  maxNetworkRetries?: number;
}

/** Browser globals delivery uses, injectable for tests. */
export interface DeliveryEnvironment {
  window: Pick<Window, 'addEventListener' | 'removeEventListener'> & Partial<Pick<Window, 'requestIdleCallback'>>;
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState' | 'readyState'>;
  navigator?: { onLine?: boolean; locks?: Locks; sendBeacon?: (url: string, data: BodyInit) => boolean };
  /** The native fetch, captured before the page can patch it. */
  fetch: typeof fetch;
  now: () => number;
  random?: () => number;
  /** An already opened outbox (its drops are not counted in client reports); prefer `openOutbox`. */
  outbox?: Promise<Outbox>;
  /** Opens the outbox; defaults to IndexedDB with memory fallback. */
  openOutbox?: (options: OutboxOptions) => Promise<Outbox>;
  BroadcastChannel?: typeof BroadcastChannel;
}

/** The last send attempt, for the extension's status view. */
export interface LastSync {
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
  delivered?: number;
}

/** The one interface the client uses to deliver events. */
export interface Delivery {
  /** Stores the event in the outbox (never throws); it is sent in the next batch. */
  enqueue(event: InsightEvent, priority?: number): void;
  /** Sends everything now; resolves when the outbox is empty, rejects when a send failed (events kept). */
  flush(): Promise<{ delivered: number; pending: number }>;
  state(): Promise<{ queued: number; storage: 'indexeddb' | 'memory'; lastSync?: LastSync }>;
  /** Called after each change in what is queued or sent. */
  onChange(listener: () => void): () => void;
  /** Deletes every event not yet delivered, of every tab (the visitor opted out); a request already under way may still land. */
  discard(): Promise<void>;
  /** Stops timers and listeners; queued events stay in the outbox for the next page. */
  stop(): void;
}

const WRITE_SLICE = 1000;
const EXIT_MEMORY = 500;

/**
 * Wires outbox, batcher, sender, retry policy, leader election and page-exit sending into one loop: events are
 * written before any attempt to send them and removed only after a 2xx; one tab per origin sends; failures back
 * off; page exit sends what fits.
 */
export function createDelivery(
  options: DeliveryOptions,
  environment: DeliveryEnvironment,
  makeReport: (props: Props) => InsightEvent | undefined,
): Delivery {
  const now = environment.now;
  const batchSize = options.batchSize ?? 50;
  const batchBytes = options.batchBytes ?? 128 * 1024;
  const flushDelay = options.flushDelay ?? 1000;
  const policy = {
    baseDelay: options.retryDelay ?? DEFAULT_RETRY_POLICY.baseDelay,
    maxDelay: options.maxRetryDelay ?? DEFAULT_RETRY_POLICY.maxDelay,
  };
  const maxNetworkRetries = options.maxNetworkRetries ?? 5;
  const locks = environment.navigator?.locks;
  const drops = createDropCounter();
  const outboxOptions: OutboxOptions = {
    limits: { maxItems: options.maxQueueItems ?? 10_000, maxBytes: options.maxQueueBytes ?? 5 * 1024 * 1024 },
    onDrop: drops.add,
    now,
  };
  let opened: Promise<Outbox> | undefined;
  /**
   * The outbox, opened on first need: when sending starts (the page is idle), or earlier for `flush()`, `state()` or
   * `discard()`. Opening IndexedDB and writing to it costs the main thread, so none of it happens while the page loads;
   * what is captured meanwhile waits in `pending`, and page exit sends it from `unacknowledged`.
   */
  const outboxReady = () =>
    (opened ??= (environment.outbox ?? (environment.openOutbox ?? openOutbox)(outboxOptions)).catch(() =>
      openOutbox({ open: () => Promise.reject(new Error('no storage')), onDrop: drops.add }),
    ));
  const send = createSender({
    endpoint: options.endpoint,
    writeKey: options.writeKey,
    fetch: environment.fetch,
    now,
    timeout: options.requestTimeout ?? 10_000,
    gzipAbove: options.gzipAbove ?? 1024,
    maxRetryAfter: policy.maxDelay,
  });
  const listeners = new Set<() => void>();
  /** This tab's events not yet acknowledged, newest last: what page exit can send without reading storage. */
  const unacknowledged = new Map<string, InsightEvent>();
  /** Enqueued, not yet written: the events of the current task (and of a burst still being written). */
  let pending: { event: InsightEvent; priority: number; at: number }[] = [];
  let writing: Promise<void> | undefined;
  let discarding: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<{ delivered: number; pending: number }> | undefined;
  let failures = 0;
  let networkFailures = 0;
  let serverWaitUntil = 0;
  let lastSync: LastSync | undefined;
  // The server's backpressure hint from its last 2xx: the share of new analytics events to keep.
  let sampleRate = 1;
  let leader = false;
  let started = false;
  let stopped = false;

  const notify = () => listeners.forEach((listener) => safely(listener));
  const online = () => environment.navigator?.onLine !== false;
  /** Made when sending starts: until then this tab writes nothing another tab would need to hear about. */
  let channel: BroadcastChannel | undefined;
  /** Only the leader sends on its own; other tabs with a shared (IndexedDB) outbox tell it there is work. */
  const sendsHere = async () => leader || (await outboxReady()).kind === 'memory';

  const schedule = (delay: number) => {
    if (stopped || !started || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void sendsHere().then((here) => {
        if (here) drain(false).catch(() => undefined);
      });
    }, delay);
  };
  const reschedule = (delay: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    schedule(delay);
  };

  /**
   * Writes what was enqueued, a slice at a time, each slice in one transaction and one record per priority (IndexedDB
   * pays per record and per transaction, not per event), yielding between slices so a burst makes no long task.
   * Once sending has started, the first event of a task starts it, so all a task enqueues is written together; before,
   * `start` writes all the page captured while loading. A crash before that commits loses those events, while page
   * exit sends them (they are in `unacknowledged` from the start).
   */
  const writePending = (): Promise<void> => {
    if (writing) return writing;
    writing = (async () => {
      const outbox = await outboxReady();
      while (pending.length) {
        const slice = pending.splice(0, WRITE_SLICE).map(({ event, priority, at }) => toItem(event, priority, at));
        await outbox.add(slice).catch(() => undefined);
        if (pending.length) await yieldToMain();
      }
    })().finally(() => (writing = undefined));
    void writing.then(() => {
      notify();
      safely(() => channel?.postMessage('queued'));
    });
    return writing;
  };
  const settleWrites = async () => {
    while (writing || pending.length) await writePending();
  };

  const queueReport = async (outbox: Outbox) => {
    const counts = drops.take();
    if (!counts) return;
    const report = safely(() => makeReport({ dropped: counts as Props }));
    if (!report) return drops.restore(counts as DropCounts);
    await outbox.add([toItem(report, priorityOf('client_report'), now())], true);
  };

  /** Done with these events for good (delivered or dropped): out of the outbox and out of page exit's memory. */
  const forget = async (outbox: Outbox, ids: string[]) => {
    ids.forEach((id) => unacknowledged.delete(id));
    await outbox.remove(ids);
  };

  const handle = async (
    outbox: Outbox,
    batch: OutboxItem[],
    result: SendResult,
  ): Promise<'next' | 'split' | 'stop'> => {
    const ids = batch.map((item) => item.id);
    lastSync = {
      at: now(),
      ok: result.kind === 'ok',
      status: result.status,
      error: result.kind === 'ok' ? undefined : result.error.slice(0, 500),
      delivered: result.kind === 'ok' ? batch.length : 0,
    };
    switch (result.kind) {
      case 'ok':
        failures = 0;
        networkFailures = 0;
        sampleRate = result.sampleRate ?? 1;
        await forget(outbox, ids);
        return 'next';
      case 'too-large':
        if (splitBatch(batch)) return 'split';
        drops.add('too_large', 1);
        await forget(outbox, ids);
        return 'next';
      case 'invalid': {
        // Without recognisable ids the whole batch would fail forever; drop it rather than loop.
        const bad = rejectedIds(batch, result.items);
        const dropIds = bad.size ? [...bad] : ids;
        drops.add(bad.size ? 'invalid' : 'rejected', dropIds.length);
        await forget(outbox, dropIds);
        return 'next';
      }
      case 'rejected':
        drops.add('rejected', ids.length);
        await forget(outbox, ids);
        return 'next';
      case 'retry': {
        // The attempt count is written only when the batch stays: a delivered one is removed anyway, so the common
        // case costs no write. A page that dies mid-request sends the same count again (the count is informational).
        await outbox.update(batch);
        failures++;
        if (result.network && online()) networkFailures++;
        const delay = result.retryAfter ?? backoffDelay(failures, policy, environment.random);
        if (result.retryAfter !== undefined) serverWaitUntil = now() + delay;
        // Offline: the `online` event resumes. Blocked while online: a few backed-off retries, then wait for a trigger.
        if (online() && networkFailures <= maxNetworkRetries) reschedule(delay);
        return 'stop';
      }
    }
  };

  const drainOnce = async (): Promise<{ delivered: number; pending: number }> => {
    await discarding?.catch(() => undefined);
    await settleWrites();
    const outbox = await outboxReady();
    let delivered = 0;
    let maxCount = batchSize;
    for (;;) {
      if (serverWaitUntil > now())
        throw new Error(
          `crm-insights: the server asked to wait ${serverWaitUntil - now()} ms; ${await outbox.count()} events kept for retry`,
        );
      await queueReport(outbox);
      const batch = takeBatch(await outbox.peek(maxCount), { maxCount, maxBytes: batchBytes }).map((item) => ({
        ...item,
        attempts: (item.attempts ?? 0) + 1,
      }));
      if (!batch.length) break;
      const result = await send(batch.map((item) => ({ ...item.event, attempt: item.attempts })));
      const next = await handle(outbox, batch, result);
      notify();
      if (next === 'stop')
        throw new Error(
          `crm-insights: delivery failed (${lastSync?.error ?? 'unknown'}); ${await outbox.count()} events kept for retry`,
        );
      if (next === 'split') maxCount = Math.ceil(batch.length / 2);
      else delivered += result.kind === 'ok' ? batch.length : 0;
      await yieldToMain();
    }
    return { delivered, pending: await outbox.count() };
  };

  /** One drain at a time per tab, and one per origin through the send lock. */
  const drain = (manual: boolean): Promise<{ delivered: number; pending: number }> => {
    if (!manual && serverWaitUntil > now()) {
      reschedule(serverWaitUntil - now());
      return Promise.resolve({ delivered: 0, pending: -1 });
    }
    const run = (draining ?? Promise.resolve()).catch(() => undefined).then(() => withSendLock(locks, drainOnce));
    draining = run;
    void run.finally(() => draining === run && (draining = undefined)).catch(() => undefined);
    return run;
  };

  const exitSend = (unloading: boolean) => {
    // Offline, a beacon would only fail (or, where the browser queues it, race the next page's resend).
    if (!unacknowledged.size || !online()) return;
    const events = [...unacknowledged.values()];
    sendOnExit(
      events,
      {
        url: eventsUrl(options.endpoint),
        writeKey: options.writeKey,
        fetch: environment.fetch,
        sendBeacon: environment.navigator?.sendBeacon?.bind(environment.navigator),
        now,
      },
      unloading,
      (ids) => {
        const gone = new Set(ids);
        ids.forEach((id) => unacknowledged.delete(id));
        // Delivered before they were written (the page left, or was hidden, before sending started): never write them.
        pending = pending.filter(({ event }) => !gone.has(event.id));
        // An outbox not opened by this page holds none of its events: nothing to remove, and no reason to open it.
        void opened?.then((outbox) => outbox.remove(ids)).then(notify, () => undefined);
      },
    );
  };
  const resume = () => {
    failures = 0;
    networkFailures = 0;
    reschedule(0);
  };
  const onVisibility = () => {
    if (environment.document.visibilityState === 'hidden') exitSend(false);
    else resume();
  };
  const onPageHide = (event: Event) => {
    const persisted = (event as PageTransitionEvent).persisted;
    exitSend(!persisted);
    // Chrome keeps no page that holds a Web Lock in the back/forward cache: hand the sender role to another tab.
    if (persisted) stepDown();
  };
  const onFreeze = () => exitSend(true);
  // A page restored from the back/forward cache keeps its state (session included): compete again, send what waits.
  const onPageShow = (event: Event) => {
    if (!started || !(event as PageTransitionEvent).persisted) return;
    compete();
    resume();
  };
  const onMessage = () => leader && schedule(flushDelay);
  const listen = [
    [environment.window, 'online', resume],
    [environment.document, 'visibilitychange', onVisibility],
    [environment.window, 'pagehide', onPageHide],
    [environment.window, 'pageshow', onPageShow],
    [environment.document, 'freeze', onFreeze],
  ] as const;

  let releaseLeader: () => void = () => undefined;
  const compete = () => {
    releaseLeader();
    releaseLeader = electLeader(locks, () => {
      leader = true;
      // Taking over from a closed tab: whatever it left is ours to send now.
      schedule(0);
    });
  };
  const stepDown = () => {
    leader = false;
    releaseLeader();
    releaseLeader = () => undefined;
  };
  // Page exit is guarded from the first event on, not only once sending starts when the page is idle: a page left in
  // the task that tracked must still send what it holds.
  for (const [target, type, listener] of listen) safely(() => target.addEventListener(type, listener as EventListener));
  const start = () => {
    if (stopped) return;
    started = true;
    channel = safely(() =>
      environment.BroadcastChannel ? new environment.BroadcastChannel('crm-insights:outbox') : undefined,
    );
    channel?.addEventListener('message', onMessage);
    compete();
    // What the page captured while it loaded is written now, in one go.
    if (pending.length) void writePending();
    schedule(flushDelay);
  };
  const cancelStart = safely(() => startWhenIdle(environment.window, environment.document, start)) ?? (() => undefined);

  return {
    enqueue(event, priority = priorityOf(event.type)) {
      if (stopped) return;
      safely(() => {
        // Backpressure sheds only analytics, never errors or what a person submitted, and every shed event is counted.
        if (priority === PRIORITY.analytics && sampleRate < 1 && (environment.random ?? Math.random)() >= sampleRate) {
          drops.add('sampled', 1);
          return;
        }
        pending.push({ event, priority, at: now() });
        unacknowledged.set(event.id, event);
        if (unacknowledged.size > EXIT_MEMORY) unacknowledged.delete(unacknowledged.keys().next().value as string);
        // Once sending has started, the first event of a task writes the task's events; before, `start` writes them.
        if (started && pending.length === 1) queueMicrotask(() => void writePending());
        schedule(flushDelay);
      });
    },
    flush: () => drain(true),
    async state() {
      const outbox = await outboxReady();
      return { queued: (await outbox.count()) + pending.length, storage: outbox.kind, lastSync };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    discard() {
      pending = [];
      unacknowledged.clear();
      // Not counted either: a drop report sent after the opt-out would itself be data about the visitor.
      drops.take();
      // A drain starting meanwhile waits for this, so it cannot send what is being deleted.
      discarding = (async () => {
        const outbox = await outboxReady();
        await settleWrites();
        // Bounded: an outbox holds at most 10,000 items by default, and a failing store must not spin forever.
        for (let round = 0; round < 100; round++) {
          const items = await outbox.peek(1000);
          if (!items.length) break;
          await outbox.remove(items.map((item) => item.id));
        }
        notify();
      })();
      return discarding;
    },
    stop() {
      stopped = true;
      cancelStart();
      stepDown();
      if (timer !== undefined) clearTimeout(timer);
      for (const [target, type, listener] of listen)
        safely(() => target.removeEventListener(type, listener as EventListener));
      channel?.close();
    },
  };
}

/** Runs a callback, swallowing anything it throws: nothing of ours may escape into the page. */
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
