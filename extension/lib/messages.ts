import type { FlagsState, LiveEvent, WidgetState } from '../../shared/bridge.ts';

/** Messages inside the extension (panel ⇄ content script), over the runtime messaging API. */
export type ExtensionRequest = { type: 'get-widget-state' } | { type: 'get-flags' } | { type: 'get-live' };

/** What the content script answers: the widget's state, or why there is none. */
export type WidgetLookup = { found: true; state: WidgetState } | { found: false; reason: string };

/** The content script's answer to `get-flags`: the widget's flags, and whether a page script took the bridge first. */
export interface FlagsLookup {
  flags?: FlagsState;
  taken: boolean;
}

/** The content script's answer to `get-live`: the latest captured events, newest last. */
export interface LiveLookup {
  events: LiveEvent[];
}

/** Pushed by the content script whenever the widget reports a change. */
export interface WidgetStateUpdate {
  type: 'widget-state';
  state: WidgetState;
}

/** Requests the background service worker answers (it alone holds the staff token). */
export type BackgroundRequest =
  | { type: 'set-staff-token'; token: string }
  | { type: 'has-staff-token' }
  | { type: 'issue-override-token'; origin: string }
  | { type: 'overrides-count'; count: number };

/** The background's answer to `issue-override-token`. */
export type OverrideTokenAnswer = { ok: true; token: string } | { ok: false; error: string };
