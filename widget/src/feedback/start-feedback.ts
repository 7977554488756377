import type { InspectableClient } from '../client.ts';
import { createLogger } from '../debug-log.ts';
import type { ClientOptions } from '../types.ts';
import type { ReplayHandle } from './bug-bundle.ts';
import { createFeedbackApi } from './feedback-api.ts';

/**
 * Starts surveys, feedback, feature requests and bug reports for the script tag, with the native fetch, and
 * returns the members it adds to `window.crmInsights` and the bug-report bundle collector the extension bridge
 * answers with.
 */
export function startFeedback(client: InspectableClient, options: ClientOptions, replay?: ReplayHandle, view: Window = window) {
  const api = createFeedbackApi({
    client,
    endpoint: options.endpoint,
    writeKey: options.writeKey,
    fetch: view.fetch.bind(view),
    window: view,
    log: createLogger(options.debug ?? false),
    release: options.release,
    replay,
    activeFlags: () => client.flags?.activeContext(),
  });
  return {
    members: { feedback: api.feedback, nps: api.nps, featureRequests: api.featureRequests, reportBug: api.reportBug },
    collectBundle: api.collectBundle,
  };
}
