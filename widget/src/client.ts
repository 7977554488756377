import type { InsightEvent, Props } from '../../shared/protocol.ts';
import { createBreadcrumbs } from './capture/breadcrumbs.ts';
import { createCaptureApi } from './capture/capture-api.ts';
import { createConsentStorage, localStorageIn } from './capture/consent.ts';
import type { ErrorReporterFactory } from './capture/lazy-error-reporter.ts';
import { createUserStore } from './capture/user.ts';
import { defaultCollectors } from './collectors/default-collectors.ts';
import { setupPlugins } from './collectors/setup-plugins.ts';
import { createLogger } from './debug-log.ts';
import { createDelivery } from './delivery/delivery.ts';
import type { Locks } from './delivery/leader.ts';
import type { Outbox } from './delivery/outbox.ts';
import type { FlagsFactory } from './flags/lazy-flags.ts';
import { lazyFeature, loadChunk } from './load-chunk.ts';
import type { ChunkLoader } from './load-chunk.ts';
import { createEnricher } from './pipeline/enrich-event.ts';
import { createEventPipeline } from './pipeline/event-pipeline.ts';
import type { PlanTagger } from './pipeline/plan-tags.ts';
import { createScrubber } from './pipeline/scrub-event.ts';
import { createIdentity } from './session.ts';
import type { StateSources } from './state-feed.ts';
import type { Client, ClientOptions, FlushResult } from './types.ts';

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
  // The navigator itself: delivery reads `onLine` when it needs it and binds `sendBeacon` to it.
  return { window, document, fetch: window.fetch.bind(window), now: Date.now, navigator };
}

/** Loads the `send` chunk from the chunk base. */
const sendChunk = () => loadChunk('send');

/** A client with the extension-facing extras the bridge needs. */
export interface InspectableClient extends Client {
  /** What the extension's view of the widget's state is read from (see `createStateFeed`, made by the bridge). */
  readonly stateSources: StateSources;
  /** The visitor's anonymous id as it is now (`reset()` makes a new one); no storage is read. */
  getAnonymousId(): string;
  /** Calls `listener` with every event captured from now on (replay uploads its buffer on errors and bug reports). */
  onCapture(listener: (event: InsightEvent) => void): () => void;
}

/** The parts the npm entry bundles and the script tag loads on demand (see create-client.ts and script-tag.ts). */
export interface ClientParts {
  flags: FlagsFactory;
  errorReporter: ErrorReporterFactory;
  /** The tracking-plan step in the page, if any (`createPlanTagger`; see `capture.trackingPlan`). */
  planTags?: PlanTagger;
  /** Loads the `vitals` chunk (web-vitals and the performance observers); default `loadChunk('vitals')`. */
  vitals?: ChunkLoader<'vitals'>;
  /** Loads the sending half of delivery (send loop, sender, retry decisions); default `loadChunk('send')`. */
  send?: ChunkLoader<'send'>;
}

/**
 * Creates the widget client from `parts`: collectors and API methods produce events into one pipeline (enrich,
 * scrub, `beforeSend`, outbox); every event is written to the outbox first, then sent in batches, and leaves the
 * outbox only after the server answered 2xx for the batch that carried it.
 */
export function createClientWith(
  parts: ClientParts,
  options: ClientOptions,
  environment: ClientEnvironment = browserEnvironment(),
): InspectableClient {
  const log = createLogger(options.debug ?? false);
  const { window: target, now } = environment;
  // Consent-aware storage: nothing is written while the visitor has opted out.
  const consent = createConsentStorage(localStorageIn(target));
  const identity = createIdentity(consent, now);
  const user = createUserStore(consent);
  const breadcrumbs = createBreadcrumbs(now);
  // The flags client is made below (its exposures are events): the enricher asks it per event, never before.
  const enricher = createEnricher({
    ...environment,
    identity,
    user,
    flags: { activeContext: () => flags.activeContext() },
    release: options.release,
  });
  let stopped = false;
  const pipeline = createEventPipeline({
    capturing: () => !stopped && !consent.optedOut(),
    planTags: parts.planTags ?? (() => undefined),
    enricher,
    scrub: createScrubber(options.capture?.scrubParams),
    beforeSend: options.capture?.beforeSend,
    deliver: (event, json) => delivery.enqueue(event, json),
    log,
  });
  const capture = pipeline.capture;
  const delivery = createDelivery(
    options,
    {
      ...environment,
      BroadcastChannel: (target as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel,
      send: lazyFeature('send', 'events are kept in the outbox, not sent yet', log.warn, parts.send ?? sendChunk),
    },
    // The widget's own report: stamped like any event, but not the app's to scrub, edit or drop.
    (props) => enricher.stamp({ type: 'client_report', name: 'dropped', props }),
  );
  const flags = parts.flags(
    {
      endpoint: options.endpoint,
      writeKey: options.writeKey,
      identity: () => ({ anonymousId: identity.anonymousId, sessionId: identity.sessionId() }),
      // Tagged `forced` so experiment results can leave out what QA decided.
      expose: (props) =>
        capture({ type: 'exposure', name: props.experiment, props, tags: props.forced ? ['forced'] : undefined }),
      warn: (message) => log.warn(message),
    },
    options.flags ?? {},
    // Through consent, like every other key: nothing about the visitor (snapshot, exposures, sticky buckets) is
    // written while they have opted out.
    {
      ...environment,
      origin: target.location?.origin,
      storage: consent,
      setInterval: (run, ms) => target.setInterval?.(run, ms),
      clearInterval: (handle) => target.clearInterval?.(handle as number),
    },
  );
  const reporter = parts.errorReporter(
    { capture, getSessionId: () => identity.sessionId() },
    breadcrumbs,
    options.capture,
  );
  const track = (name: string, props?: Props) => {
    if (typeof name !== 'string' || !name) return log.warn('track(name, props) needs a non-empty event name', name);
    capture({ type: 'track', name, props });
  };
  const api = createCaptureApi({ capture, track, reporter, user, identity, consent, log, location: target.location });
  const client: InspectableClient = {
    ...api,
    track,
    capture,
    // Errors reported before the error pipeline's chunk arrived are captured first, so a flush carries them.
    flush: async (): Promise<FlushResult> => {
      await reporter.settled?.();
      return delivery.flush();
    },
    // Opting out also deletes what was captured before and not yet sent: nothing more about the visitor leaves.
    optOut() {
      api.optOut();
      void delivery.discard().catch(() => undefined);
    },
    getSessionId: () => identity.sessionId(),
    flags,
    isOn: flags.isOn,
    getFeatureValue: flags.getFeatureValue,
    flagDetail: flags.flagDetail,
    getVariant: flags.getVariant,
    stateSources: { endpoint: options.endpoint, identity, delivery },
    getAnonymousId: () => identity.anonymousId,
    onCapture: pipeline.onCapture,
    shutdown() {
      stopped = true;
      teardown();
      flags.stop();
      delivery.stop();
    },
  };
  const teardown = setupPlugins(
    defaultCollectors({
      options: { ...options.capture, endpoint: options.endpoint },
      breadcrumbs,
      reporter,
      log,
      window: target,
      document: environment.document,
      vitals: lazyFeature(
        'vitals',
        'web vitals and page timing are off',
        log.warn,
        parts.vitals ?? (() => loadChunk('vitals')),
      ),
    }),
    client,
    log,
  );
  return client;
}
