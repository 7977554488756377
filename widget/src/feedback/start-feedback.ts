import type { InsightEvent } from '../../../shared/protocol.ts';
import type { InspectableClient } from '../client.ts';
import { localStorageIn } from '../capture/consent.ts';
import { createLogger, DEBUG_BUILD } from '../debug-log.ts';
import { lazyFeature, loadChunk } from '../load-chunk.ts';
import type { ChunkLoader, ChunkMap } from '../load-chunk.ts';
import type { ClientOptions } from '../types.ts';
import type { ReplayHandle } from './bug-bundle.ts';
import { hasPendingBugReports } from './bug-report-outbox.ts';
import type { FeedbackChunk, FeedbackConfig } from './feedback-api.ts';
import { watchRecentActivity } from './recent-activity.ts';
import { feedbackBeforeLoad } from './feedback-before-load.ts';

type FeedbackApi = ReturnType<ChunkMap['feedback-api']['createFeedbackApi']>;

/** Where the two feedback chunks come from (the script's own origin; injectable for tests). */
const chunksFromScriptOrigin: { api: ChunkLoader<'feedback-api'>; ui: ChunkLoader<'feedback', FeedbackChunk> } = {
  api: () => loadChunk('feedback-api'),
  ui: () => loadChunk('feedback'),
};
type Severity = NonNullable<Parameters<FeedbackApi['reportBug']>[0]>['severity'];

/**
 * The core's side of surveys, feedback, feature requests and bug reports for the script tag. Only two things run
 * from the start: watching recent activity (a bug report attaches the page's last errors, failed calls and steps)
 * and sending a report a reload interrupted. `feedback.configure` is kept in the core (the button shows alone,
 * sessions are counted) until a survey may be due or an event a survey or prompt waits for is tracked; everything
 * else is in the `feedback-api` chunk, loaded then or on the first other call; the events tracked while it loads
 * are handed to it, so an `afterEvent` survey or a prompt is not missed.
 * Returns the members it adds to `window.crmInsights` and the bundle collector the extension bridge answers with.
 */
export function startFeedback(
  client: InspectableClient,
  options: ClientOptions,
  replay?: ReplayHandle,
  view: Window = window,
  chunks = chunksFromScriptOrigin,
) {
  const log = createLogger(options.debug ?? false);
  const activity = watchRecentActivity(client.onCapture);
  const apiChunk = lazyFeature('feedback-api', 'feedback is off', log.warn, chunks.api);
  let api: Promise<FeedbackApi> | undefined;
  // Until the chunk is needed, `configure` is kept here; open() is what the button shown alone calls.
  const storage = localStorageIn(view);
  const early = feedbackBeforeLoad(storage, view.document, client.getSessionId, () => surface.members.feedback.open());
  let stopWatchingEarly: (() => void) | undefined;

  /** Loads the chunk once; the events captured meanwhile are handed to its schedules. */
  const load = (): Promise<FeedbackApi> =>
    (api ??= loadWithEventsMeanwhile(client, apiChunk, (loaded, onCapture) => {
      if (!loaded) {
        // The next call tries again.
        api = undefined;
        throw new Error('the feedback-api chunk did not load');
      }
      stopWatchingEarly?.();
      return loaded.createFeedbackApi({
        client: { ...client, onCapture },
        endpoint: options.endpoint,
        writeKey: options.writeKey,
        fetch: view.fetch.bind(view),
        window: view,
        log,
        release: options.release,
        replay,
        activity,
        activeFlags: () => client.flags?.activeContext(),
        scrubParams: options.capture?.scrubParams,
        // The chunk has its own copy of the loader, without the base URL the core set: the core loads the UI.
        loadUi: chunks.ui,
        handOver: early.handOver(),
      });
    }));
  const loadInBackground = () => void load().catch(() => undefined);
  /** `feedback.configure` kept here (true) until the chunk is loading; the chunk loads only when needed. */
  const configureEarly = (config: FeedbackConfig) => {
    // A bad argument goes to the chunk, whose `configure` says what is wrong (in debug mode).
    if (api || typeof config !== 'object' || config === null) return false;
    // In debug mode the chunk loads now, so its schedules say in the console why each survey shows or not.
    if (early.configure(config) || (DEBUG_BUILD && options.debug)) loadInBackground();
    else
      stopWatchingEarly ??= client.onCapture((event) => {
        if (!api && early.needsChunkFor(event)) loadInBackground();
      });
    return true;
  };
  const surface = feedbackSurface(load, configureEarly);
  if (hasPendingBugReports(storage)) loadInBackground();
  // `recentEvents`: what the page captured so far, for the extension's Live tab.
  return { ...surface, recentEvents: activity.events };
}

/**
 * Loads the `feedback-api` chunk (undefined when it did not load) and makes its API with `make`, whose `onCapture`
 * first hands the listener the events captured while the chunk loaded.
 */
function loadWithEventsMeanwhile(
  client: InspectableClient,
  apiChunk: () => Promise<ChunkMap['feedback-api'] | undefined>,
  make: (loaded: ChunkMap['feedback-api'] | undefined, onCapture: InspectableClient['onCapture']) => FeedbackApi,
): Promise<FeedbackApi> {
  const waiting: InsightEvent[] = [];
  // Added while an event's listeners are called (the one that made the chunk needed), this one gets it too.
  const stopWaiting = client.onCapture((event) => waiting.push(event));
  return apiChunk().then((loaded) => {
    stopWaiting();
    return make(loaded, (listener) => {
      waiting.splice(0).forEach(listener);
      return client.onCapture(listener);
    });
  });
}

/**
 * The members the feedback side adds to `window.crmInsights` and the bundle collector the extension bridge answers
 * with: but for a `configure` kept early, each loads the chunk.
 */
function feedbackSurface(load: () => Promise<FeedbackApi>, configureEarly: (config: FeedbackConfig) => boolean) {
  /** A member that loads the chunk and then calls the real one; failures are warned about, never thrown. */
  const later =
    <A extends unknown[]>(pick: (loaded: FeedbackApi) => (...args: A) => void) =>
    (...args: A): void =>
      void load().then(
        (loaded) => pick(loaded)(...args),
        () => undefined,
      );

  const members = {
    feedback: {
      configure: (config: FeedbackConfig) =>
        void (configureEarly(config) || later<[FeedbackConfig]>((loaded) => loaded.feedback.configure)(config)),
      open: later<[string?]>((loaded) => loaded.feedback.open),
    },
    nps: { show: later<[string?]>((loaded) => loaded.nps.show), check: later<[]>((loaded) => loaded.nps.check) },
    featureRequests: {
      open: later<[]>((loaded) => loaded.featureRequests.open),
      list: (limit?: number) => load().then((loaded) => loaded.featureRequests.list(limit)),
    },
    reportBug: (input?: { description: string; severity?: Severity }) =>
      load().then((loaded) => loaded.reportBug(input)),
  };
  return { members, collectBundle: () => load().then((loaded) => loaded.collectBundle()) };
}
