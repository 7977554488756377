import type { InsightEvent, Props } from '../../../shared/protocol.ts';
import type { Delivery, DeliveryEnvironment, DeliveryOptions } from './delivery-types.ts';
import { createDropCounter } from './drop-report.ts';
import { createLeadership } from './leader.ts';
import { emptyOutbox, openOutbox } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import { shedsEvent } from './outcome.ts';
import { watchPageLifecycle } from './page-lifecycle.ts';
import { exitSender } from './page-exit.ts';
import { priorityOf } from './priority.ts';
import { safely } from '../safely.ts';
import { lazySendLoop } from './lazy-send-loop.ts';
import { createSendTimer } from './send-timer.ts';
import { eventsUrl } from './sender.ts';
import { startWhenIdle } from './when-idle.ts';
import { createWriteBuffer } from './write-buffer.ts';

export type { Delivery, DeliveryEnvironment, DeliveryOptions } from './delivery-types.ts';

/**
 * Composes delivery from its parts, the way Sentry wraps its offline transport around the base one: the write buffer
 * puts events into the outbox before any attempt to send them, the send loop (sender + the pure `outcome` decision)
 * removes them only after a 2xx or a counted drop, one tab per origin sends, and the page lifecycle sends what fits
 * on exit. Opening and writing IndexedDB waits until the page is idle.
 */
export function createDelivery(
  options: DeliveryOptions,
  environment: DeliveryEnvironment,
  makeReport: (props: Props) => InsightEvent | undefined,
): Delivery {
  const { endpoint, writeKey, flushDelay = 1000 } = options;
  const { now, navigator, random } = environment;
  const drops = createDropCounter();
  const limits = { maxItems: options.maxQueueItems, maxBytes: options.maxQueueBytes };
  const open = () => environment.outbox ?? (environment.openOutbox ?? openOutbox)({ limits, onDrop: drops.add, now });
  let opened: Promise<Outbox> | undefined;
  // Opened on first need (sending starts, or `flush`/`state`/`discard`); a failing store falls back to memory.
  const outbox = () => (opened ??= open().catch(() => openOutbox({ open: () => Promise.reject(), onDrop: drops.add })));
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) safely(listener);
  };
  const online = () => navigator?.onLine !== false;
  let channel: BroadcastChannel | undefined;
  let discarding: Promise<void> | undefined;
  let started = false;
  let stopped = false;

  const buffer = createWriteBuffer({
    outbox,
    onWritten() {
      notify();
      safely(() => channel?.postMessage('queued'));
    },
  });
  const write = () => void buffer.write();
  // Only the leader sends on its own; other tabs with a shared (IndexedDB) outbox tell it there is work.
  const drainIfSender = async () => {
    if (leadership.leader || (await outbox()).kind === 'memory') await loop.drain(false).catch(() => undefined);
  };
  const timer = createSendTimer(() => started && !stopped, drainIfSender);
  const fetch = environment.fetch;
  // The sending half is the `send` chunk, loaded at the first drain (at idle); the outbox and exit send are here.
  const loop = lazySendLoop(environment.send, options, {
    ...{ outbox, buffer, drops, makeReport, locks: navigator?.locks, now, online, random, fetch },
    ready: async () => discarding?.catch(() => undefined),
    retryIn: timer.reschedule,
    onChange: notify,
  });
  // Taking over from a closed tab: whatever it left is ours to send now.
  const leadership = createLeadership(navigator?.locks, () => timer.schedule(0));
  const resume = () => {
    loop.resume();
    timer.reschedule(0);
  };
  // The native sendBeacon, captured now like fetch, so a page that patches it later cannot break or observe exits.
  const sendBeacon = navigator?.sendBeacon?.bind(navigator);
  const exitSend = exitSender(buffer, { url: eventsUrl(endpoint), writeKey, fetch, now, sendBeacon }, online, (ids) => {
    // An outbox not opened by this page holds none of its events: nothing to remove, and no reason to open it.
    void opened?.then((store) => store.remove(ids)).then(notify, () => undefined);
  });
  // Guarded from the first event on, not only once sending starts: a page left in the task that tracked still sends.
  const stopWatching = watchPageLifecycle(environment, {
    hidden: () => exitSend(false),
    visible: resume,
    leaving(persisted) {
      exitSend(!persisted);
      // Chrome keeps no page that holds a Web Lock in the back/forward cache: hand the sender role to another tab.
      if (persisted) leadership.stepDown();
    },
    // A page restored from the back/forward cache keeps its state (session included): compete again, send what waits.
    restored() {
      if (!started) return;
      leadership.compete();
      resume();
    },
    frozen: () => exitSend(true),
    online: resume,
  });
  const start = () => {
    if (stopped) return;
    started = true;
    channel = safely(() => environment.BroadcastChannel && new environment.BroadcastChannel('crm-insights:outbox'));
    channel?.addEventListener('message', () => leadership.leader && timer.schedule(flushDelay));
    leadership.compete();
    // What the page captured while it loaded is written now, in one go.
    if (buffer.size) void buffer.write();
    timer.schedule(flushDelay);
  };
  const cancelStart = safely(() => startWhenIdle(environment.window, environment.document, start)) ?? (() => undefined);

  return {
    enqueue(event, json) {
      if (stopped) return;
      const priority = priorityOf(event.type);
      // Not `safely`: a closure per event is a cost on the hottest path there is.
      try {
        if (shedsEvent(priority, loop.state(), random ?? Math.random)) return drops.add('sampled', 1);
        // Once sending has started, the first event of a task writes the task's events; before, `start` writes them.
        if (buffer.add(event, priority, now(), json) === 1 && started) queueMicrotask(write);
        timer.schedule(flushDelay);
      } catch {
        // Nothing of ours may escape into the page.
      }
    },
    flush: () => loop.drain(true),
    async state() {
      const store = await outbox();
      return { queued: (await store.count()) + buffer.size, storage: store.kind, lastSync: loop.lastSync() };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    discard() {
      buffer.clear();
      // Not counted either: a drop report sent after the opt-out would itself be data about the visitor.
      drops.take();
      // A drain starting meanwhile waits for this, so it cannot send what is being deleted.
      discarding = outbox().then(async (store) => {
        await buffer.settle();
        await emptyOutbox(store);
        notify();
      });
      return discarding;
    },
    stop() {
      stopped = true;
      cancelStart();
      leadership.stepDown();
      timer.cancel();
      stopWatching();
      channel?.close();
    },
  };
}
