import { validateEvent } from '../../shared/protocol.ts';
import type { InsightEvent, Props } from '../../shared/protocol.ts';
import type { WidgetState } from '../../shared/bridge.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { createLogger } from './debug-log.ts';
import { openOutbox } from './delivery/outbox.ts';
import type { Outbox } from './delivery/outbox.ts';
import { createSender } from './delivery/sender.ts';
import { currentPage } from './page-context.ts';
import { createIdentity } from './session.ts';
import type { Client, ClientOptions, FlushResult } from './types.ts';
import { VERSION } from './version.ts';

/** Browser globals the client uses; injectable so tests need no monkey-patching. */
export interface ClientEnvironment {
  window: Window;
  document: Document;
  /** The native fetch, captured before the page can patch it. */
  fetch: typeof fetch;
  now: () => number;
  outbox?: Promise<Outbox>;
}

/** The real browser globals, captured now. */
export function browserEnvironment(): ClientEnvironment {
  return { window, document, fetch: window.fetch.bind(window), now: Date.now };
}

type StateListener = (state: WidgetState) => void;

/** A client with the extension-facing extras the bridge needs. */
export interface InspectableClient extends Client {
  getState(): Promise<WidgetState>;
  subscribe(listener: StateListener): () => void;
}

/**
 * Creates the widget client: every captured event is written to the outbox first, then sent in batches;
 * an event leaves the outbox only after the server answered 2xx for the batch that carried it.
 */
export function createClient(options: ClientOptions, environment: ClientEnvironment = browserEnvironment()): InspectableClient {
  const log = createLogger(options.debug ?? false);
  const batchSize = options.batchSize ?? 50;
  const flushDelay = options.flushDelay ?? 1000;
  const identity = createIdentity(undefined, environment.now);
  const outboxReady = environment.outbox ?? openOutbox();
  const send = createSender(options.endpoint, options.writeKey, environment.fetch, environment.now);
  const writes = new Set<Promise<void>>();
  const listeners = new Set<StateListener>();
  let lastSync: WidgetState['lastSync'];
  let flushing: Promise<FlushResult> | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 0;
  let stopped = false;

  const getState = async (): Promise<WidgetState> => {
    const outbox = await outboxReady;
    return {
      version: VERSION,
      endpoint: options.endpoint,
      sessionId: identity.sessionId(),
      anonymousId: identity.anonymousId,
      queued: await outbox.count(),
      storage: outbox.kind,
      lastSync,
    };
  };
  const notify = () => {
    if (!listeners.size) return;
    void getState().then((state) => listeners.forEach((listener) => listener(state)), () => undefined);
  };

  const scheduleFlush = (delay: number) => {
    if (stopped || flushTimer !== undefined) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      flush().catch(() => undefined);
    }, delay);
  };

  const sendAll = async (): Promise<FlushResult> => {
    await Promise.all(writes);
    const outbox = await outboxReady;
    let delivered = 0;
    for (;;) {
      const items = await outbox.peek(batchSize);
      if (!items.length) break;
      const result = await send(items.map((item) => item.event));
      lastSync = { at: environment.now(), ok: result.ok, status: result.status, error: result.ok ? undefined : result.error, delivered: result.ok ? items.length : 0 };
      if (!result.ok) {
        notify();
        retryDelay = Math.min(Math.max(retryDelay * 2, 2000), 60_000);
        scheduleFlush(retryDelay);
        throw new Error(`crm-insights: delivery failed (${result.error}); ${await outbox.count()} events kept for retry`);
      }
      await outbox.remove(items.map((item) => item.id));
      delivered += items.length;
      retryDelay = 0;
    }
    notify();
    return { delivered, pending: await outbox.count() };
  };

  const flush = (): Promise<FlushResult> => {
    const run = (flushing ?? Promise.resolve()).catch(() => undefined).then(sendAll);
    flushing = run;
    void run.finally(() => {
      if (flushing === run) flushing = undefined;
    }).catch(() => undefined);
    return run;
  };

  const capture: Client['capture'] = (partial) => {
    if (stopped) return;
    const event: InsightEvent = {
      ...partial,
      id: uuidv7(environment.now()),
      ts: partial.ts ?? environment.now(),
      sessionId: identity.touch(),
      anonymousId: identity.anonymousId,
      page: partial.page ?? currentPage(environment.window.location, environment.document),
      context: options.release ? { release: options.release, ...partial.context } : partial.context,
    };
    const valid = validateEvent(event);
    if (!valid.ok) {
      log.warn(`dropped ${event.type} event "${event.name ?? ''}": ${valid.message}`);
      return;
    }
    const write = outboxReady
      .then((outbox) => outbox.add(event))
      .then(notify, (error: unknown) => log.warn('could not store an event', error))
      .finally(() => writes.delete(write));
    writes.add(write);
    scheduleFlush(flushDelay);
  };

  const onHidden = () => {
    if (environment.document.visibilityState === 'hidden') flush().catch(() => undefined);
  };
  environment.document.addEventListener('visibilitychange', onHidden);

  return {
    track(name: string, props?: Props) {
      if (typeof name !== 'string' || !name) {
        log.warn('track(name, props) needs a non-empty event name', name);
        return;
      }
      capture({ type: 'track', name, props });
    },
    capture,
    flush,
    getSessionId: () => identity.sessionId(),
    getState,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown() {
      stopped = true;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      environment.document.removeEventListener('visibilitychange', onHidden);
    },
  };
}
