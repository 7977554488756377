import { eventProblem } from '../../shared/wire.ts';
import type { InsightEvent, Props } from '../../shared/protocol.ts';
import type { WidgetState } from '../../shared/bridge.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { createCapture } from './capture/capture.ts';
import { createConsentStorage, localStorageIn } from './capture/consent.ts';
import { createLogger } from './debug-log.ts';
import { createDelivery } from './delivery/delivery.ts';
import type { PlanCheck } from './capture/capture.ts';
import type { ErrorReporterFactory } from './capture/lazy-error-reporter.ts';
import type { FlagsFactory } from './flags/lazy-flags.ts';
import type { Locks } from './delivery/leader.ts';
import type { Outbox } from './delivery/outbox.ts';
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
  /** Online state, Web Locks and the native `sendBeacon` (captured at start), for delivery. */
  navigator?: { onLine?: boolean; locks?: Locks; sendBeacon?: (url: string, data: BodyInit) => boolean };
}

/** The real browser globals, captured now. */
export function browserEnvironment(): ClientEnvironment {
  const sendBeacon = typeof navigator.sendBeacon === 'function' ? navigator.sendBeacon.bind(navigator) : undefined;
  return {
    window,
    document,
    fetch: window.fetch.bind(window),
    now: Date.now,
    navigator: {
      get onLine() {
        return navigator.onLine;
      },
      locks: navigator.locks,
      sendBeacon,
    },
  };
}

type StateListener = (state: WidgetState) => void;

/** A client with the extension-facing extras the bridge needs. */
export interface InspectableClient extends Client {
  getState(): Promise<WidgetState>;
  /** The visitor's anonymous id as it is now (`reset()` makes a new one); unlike `getState`, no storage is read. */
  getAnonymousId(): string;
  subscribe(listener: StateListener): () => void;
  /** Calls `listener` with every event captured from now on (replay uploads its buffer on errors and bug reports). */
  onCapture(listener: (event: InsightEvent) => void): () => void;
}

/** The parts the npm entry bundles and the script tag loads on demand (see create-client.ts and script-tag.ts). */
export interface ClientParts {
  flags: FlagsFactory;
  errorReporter: ErrorReporterFactory;
  /** The tracking-plan check in the page, if any (see `capture.trackingPlan`). */
  checkPlan?: PlanCheck | Promise<PlanCheck>;
}

/**
 * Creates the widget client from `parts`: every captured event is written to the outbox first, then sent in
 * batches; an event leaves the outbox only after the server answered 2xx for the batch that carried it.
 */
export function createClientWith(
  parts: ClientParts,
  options: ClientOptions,
  environment: ClientEnvironment = browserEnvironment(),
): InspectableClient {
  const log = createLogger(options.debug ?? false);
  // Consent-aware storage: nothing is written while the visitor has opted out.
  const consent = createConsentStorage(localStorageIn(environment.window));
  const identity = createIdentity(consent, environment.now);
  const capturing = createCapture(
    { ...options.capture, endpoint: options.endpoint },
    {
      window: environment.window,
      document: environment.document,
      now: environment.now,
      consent,
      identity,
      log,
      errorReporter: parts.errorReporter,
      checkPlan: parts.checkPlan,
    },
  );
  const delivery = createDelivery(
    options,
    {
      ...environment,
      BroadcastChannel: (environment.window as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel,
    },
    (props) => stamp({ type: 'client_report', name: 'dropped', props }),
  );
  const flags = parts.flags(
    {
      endpoint: options.endpoint,
      writeKey: options.writeKey,
      identity: () => ({ anonymousId: identity.anonymousId, sessionId: identity.sessionId() }),
      // Tagged `forced` so experiment results can leave out what QA decided.
      expose: (props) =>
        capture({
          type: 'exposure',
          name: props.experiment,
          props: { ...props },
          tags: props.forced ? ['forced'] : undefined,
        }),
      warn: (message) => log.warn(message),
    },
    options.flags ?? {},
    // Through consent, like every other key: nothing about the visitor (snapshot, exposures, sticky buckets) is
    // written while they have opted out.
    {
      ...environment,
      origin: environment.window.location?.origin,
      storage: consent,
      setInterval: (run, ms) => environment.window.setInterval?.(run, ms),
      clearInterval: (handle) => environment.window.clearInterval?.(handle as number),
    },
  );
  const listeners = new Set<StateListener>();
  const captureListeners = new Set<(event: InsightEvent) => void>();
  let stopped = false;

  const getState = async (): Promise<WidgetState> => {
    const { queued, storage, lastSync } = await delivery.state();
    return {
      version: VERSION,
      endpoint: options.endpoint,
      sessionId: identity.sessionId(),
      anonymousId: identity.anonymousId,
      queued,
      storage,
      lastSync,
    };
  };
  const notify = () => {
    if (!listeners.size) return;
    void getState().then(
      (state) => listeners.forEach((listener) => listener(state)),
      () => undefined,
    );
  };
  delivery.onChange(notify);
  // Errors reported before the error pipeline's chunk arrived are captured first, so a flush carries them.
  const flush = async (): Promise<FlushResult> => {
    await capturing.settled();
    return delivery.flush();
  };

  /** Completes a partial event with id, time, identity and page. */
  const stamp = (partial: Parameters<Client['capture']>[0]): InsightEvent => ({
    ...partial,
    id: uuidv7(environment.now()),
    ts: partial.ts ?? environment.now(),
    sessionId: identity.touch(),
    anonymousId: identity.anonymousId,
    page: partial.page ?? currentPage(environment.window.location, environment.document),
    ...withActiveFlags(partial, options.release ? { release: options.release, ...partial.context } : partial.context),
  });
  /** Every event carries the flags and variants active when it happened, and a tag when staff overrides shaped them. */
  const withActiveFlags = (
    partial: Parameters<Client['capture']>[0],
    context: InsightEvent['context'],
  ): Pick<InsightEvent, 'context' | 'tags'> => {
    const active = flags.activeContext();
    if (!active) return context ? { context, tags: partial.tags } : { tags: partial.tags };
    const { overridden, ...flagContext } = active;
    const tags =
      overridden && !partial.tags?.includes('overridden') ? [...(partial.tags ?? []), 'overridden'] : partial.tags;
    return {
      context: { ...flagContext, ...(overridden ? { overridden } : {}), ...context },
      ...(tags ? { tags } : {}),
    };
  };

  const capture: Client['capture'] = (partial) => {
    if (stopped || consent.optedOut()) return;
    // User, device, scrubbing and beforeSend, before anything reaches the outbox.
    const event = capturing.prepare(stamp(partial));
    if (!event) return;
    const problem = eventProblem(event);
    if (problem) {
      log.warn(`dropped ${event.type} event "${event.name ?? ''}": ${problem}`);
      return;
    }
    delivery.enqueue(event);
    captureListeners.forEach((listener) => listener(event));
  };

  const client: InspectableClient = {
    ...capturing.api,
    track(name: string, props?: Props) {
      if (typeof name !== 'string' || !name) {
        log.warn('track(name, props) needs a non-empty event name', name);
        return;
      }
      capture({ type: 'track', name, props, tags: capturing.planTags(name, props) });
    },
    capture,
    flush,
    // Opting out also deletes what was captured before and not yet sent: nothing more about the visitor leaves.
    optOut() {
      capturing.api.optOut();
      void delivery.discard().catch(() => undefined);
    },
    getSessionId: () => identity.sessionId(),
    flags,
    isOn: flags.isOn,
    getFeatureValue: flags.getFeatureValue,
    flagDetail: flags.flagDetail,
    getVariant: flags.getVariant,
    getState,
    getAnonymousId: () => identity.anonymousId,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCapture(listener) {
      captureListeners.add(listener);
      return () => captureListeners.delete(listener);
    },
    shutdown() {
      stopped = true;
      capturing.stop();
      flags.stop();
      delivery.stop();
    },
  };
  capturing.start(client);
  return client;
}
