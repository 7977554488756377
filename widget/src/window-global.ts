import type { startFeedback } from './feedback/start-feedback.ts';
import type { FlagsClient } from './flags/flags-client.ts';
import type { ReplayController } from './replay/controller.ts';
import type { Client } from './types.ts';

/** The surveys, feedback, feature requests and bug reports `window.crmInsights` offers (loaded on first use). */
export type CrmInsightsFeedback = ReturnType<typeof startFeedback>['members'];

/**
 * What `window.crmInsights` holds once `insights.js` has loaded: the client's public methods, the feedback
 * surface, replay's `flush` and the flags' read side. Before that it is the loader stub (`installStub`), whose
 * methods queue the call and return a promise.
 */
export interface CrmInsightsGlobal
  extends Pick<
      Client,
      | 'track'
      | 'flush'
      | 'getSessionId'
      | 'identify'
      | 'reset'
      | 'page'
      | 'revenue'
      | 'captureError'
      | 'optOut'
      | 'optIn'
      | 'isOn'
      | 'getFeatureValue'
      | 'flagDetail'
      | 'getVariant'
    >,
    CrmInsightsFeedback {
  replay: Pick<ReplayController, 'flush'>;
  flags: Pick<FlagsClient, 'subscribe' | 'setAttributes' | 'refresh' | 'state'>;
}

// The one global the script tag defines; typed here so `window.crmInsights?.track(…)` type-checks in apps that
// import the package (the declaration ships in the package's .d.ts with this module).
declare global {
  interface Window {
    crmInsights?: CrmInsightsGlobal;
  }
}
