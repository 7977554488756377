import { lazyErrorReporter } from './capture/lazy-error-reporter.ts';
import { createClientWith } from './client.ts';
import { handOverToDebugBuild } from './debug-build.ts';
import { createLogger, DEBUG_BUILD } from './debug-log.ts';
import { startBridgesOnDemand } from './extension-link.ts';
import { lazyFlags } from './flags/lazy-flags.ts';
import type { InspectableClient } from './client.ts';
import { startFeedback } from './feedback/start-feedback.ts';
import { lazyFeature, loadChunk, setChunkBase } from './load-chunk.ts';
import { createPlanTagger } from './pipeline/plan-tags.ts';
import { lazyReplay } from './replay/lazy-replay.ts';
import { optionsFromScript } from './script-options.ts';
import type { ReplayController } from './replay/controller.ts';
import type { CrmInsightsFeedback, CrmInsightsGlobal } from './window-global.ts';

/** A call made before the script loaded: `[method, ...args]`, optionally with the stub's promise settlers. */
type QueuedCall = [string, ...unknown[]];
type QueuedEntry = { call: QueuedCall; resolve?: (value: unknown) => void; reject?: (error: unknown) => void };
interface Stub {
  q?: QueuedEntry[];
}

/** The public surface of `window.crmInsights`: the client's methods, nothing internal. */
function publicApi(
  client: InspectableClient,
  replay: ReplayController,
): Omit<CrmInsightsGlobal, keyof CrmInsightsFeedback> {
  return {
    replay: { flush: replay.flush },
    track: client.track,
    flush: client.flush,
    getSessionId: client.getSessionId,
    identify: client.identify,
    reset: client.reset,
    page: client.page,
    revenue: client.revenue,
    captureError: client.captureError,
    optOut: client.optOut,
    optIn: client.optIn,
    isOn: client.isOn,
    getFeatureValue: client.getFeatureValue,
    flagDetail: client.flagDetail,
    getVariant: client.getVariant,
    // Not `applyOverrides`: overrides come only from the extension's port (see flags/flags-bridge.ts).
    flags: {
      subscribe: client.flags.subscribe,
      setAttributes: client.flags.setAttributes,
      refresh: client.flags.refresh,
      state: client.flags.state,
    },
  };
}

/** Replays calls queued by the loader stub (or an array of `[method, ...args]`) against the real API. */
function replayQueue(queued: unknown, api: object): void {
  const entries: QueuedEntry[] = Array.isArray(queued)
    ? (queued as QueuedCall[]).map((call) => ({ call }))
    : ((queued as Stub | undefined)?.q ?? []);
  for (const { call, resolve, reject } of entries) {
    const [method, ...args] = call;
    const fn = (api as Record<string, unknown>)[method];
    try {
      if (typeof fn !== 'function') throw new TypeError(`crmInsights.${method} is not a function`);
      const result: unknown = (fn as (...a: unknown[]) => unknown)(...args);
      // A plain array's call has no promise to settle: its failure (a `flush` that could not send) ends here, where
      // passing it on would leave it unhandled on the page.
      Promise.resolve(result).then(resolve, reject ?? (() => undefined));
    } catch (error) {
      reject?.(error);
    }
  }
}

/** Set by the build: the content-hashed folder of this build's chunks, e.g. `insights/3f2a…/`. */
declare const __INSIGHTS_CHUNK_DIR__: string | undefined;
const CHUNK_DIR = typeof __INSIGHTS_CHUNK_DIR__ === 'string' ? __INSIGHTS_CHUNK_DIR__ : 'insights/';

function boot(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-key][src*="insights"]');
  if (!script) return;
  // The production build has no debug messages: with `data-debug` the debug build beside it runs instead.
  if (handOverToDebugBuild(script, boot)) return;
  // Chunks come from beside the script, from the content-hashed folder the build named (cached forever there);
  // set first, since reading the options may already load one.
  if (script.src) setChunkBase(new URL(CHUNK_DIR, script.src).href);
  const options = optionsFromScript(script, (debug) => createLogger(debug).warn);
  if (typeof options === 'string') {
    console.warn(`[crm-insights] not started: ${options}`);
    return;
  }
  const log = createLogger(options.debug ?? false);
  const client = createClientWith(
    {
      flags: lazyFlags(() => loadChunk('flags')),
      errorReporter: lazyErrorReporter(() => loadChunk('errors'), globalThis, log.warn),
      // The API tags off-plan events; in debug mode the plan also loads here, to warn about them in the console
      // (only the debug build warns; the production build would only tag what the API tags anyway).
      planTags:
        DEBUG_BUILD && options.debug && options.capture?.trackingPlan !== false
          ? createPlanTagger(
              lazyFeature('plan', 'tracked events are not checked here (the API still tags them)', log.warn, () =>
                loadChunk('plan'),
              )().then((chunk) => chunk?.checkCrmPlan),
              log,
            )
          : undefined,
    },
    options,
  );
  const replay = lazyReplay(client, options.replay, { log, scrubParams: options.capture?.scrubParams }, () =>
    loadChunk('replay'),
  );
  const feedback = startFeedback(client, options, replay);
  const api: CrmInsightsGlobal = { ...publicApi(client, replay), ...feedback.members };
  const bridge = lazyFeature('bridge', 'the extension cannot connect', log.warn, () => loadChunk('bridge'));
  startBridgesOnDemand(window, () =>
    bridge().then((chunk) => chunk && ((target: Window) => chunk.startExtensionBridges(client, feedback, target))),
  );
  const queued = (window as { crmInsights?: unknown }).crmInsights;
  (window as { crmInsights?: unknown }).crmInsights = api;
  replayQueue(queued, api);
  // Lets code bundled before the script loaded (the React/Preact bindings' provider) pick the client up.
  window.dispatchEvent(new Event('crm-insights:ready'));
}

try {
  boot();
} catch (error) {
  // Never let a failure of ours escape into the host page.
  try {
    console.warn('[crm-insights] failed to start', error);
  } catch {
    // Nothing more we can safely do.
  }
}
