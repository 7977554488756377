import type { InsightEvent } from '../../../shared/protocol.ts';
import type { TrackingPlan } from '../../../shared/tracking-plan/plan-types.ts';
import type { ErrorReporterOptions } from './error-reporter.ts';

/** Options of what the widget captures and how it keeps it private (`ClientOptions.capture`). */
export interface CaptureOptions extends ErrorReporterOptions {
  /** URL prefixes of the app's APIs whose calls become `api` events; default the page's own origin. */
  apiOrigins?: string[];
  /** Query parameters whose values are removed from every URL, on top of the built-in token/key/password list. */
  scrubParams?: string[];
  /** Sees every event after scrubbing, just before the outbox: return it (edited or not) to send, `null` to drop. */
  beforeSend?: (event: InsightEvent) => InsightEvent | null | undefined | false;
  /**
   * The tracking plan `track` is checked against in the page, for a debug-mode warning and the `off-plan` tag (the API
   * tags every event against its own plan too). Default: the CRM plan with the npm entry; with the script tag, the
   * CRM plan in debug mode only (loaded as a chunk). `false` checks nothing in the page.
   */
  trackingPlan?: TrackingPlan | false;
  /** Track clicks on elements with `data-insights-event` (opt-in). Default false. */
  captureClicks?: boolean;
  /** Send a `page` event on load and on SPA route changes. Default true. */
  autoPageViews?: boolean;
  /** Collectors to leave off, by name: `vitals`, `errors`, `network`, `performance`, `console`, `clicks`, `page-views`. */
  disable?: string[];
}
