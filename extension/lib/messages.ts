import type { WidgetState } from '../../shared/bridge.ts';

/** Messages inside the extension (panel ⇄ content script), over the runtime messaging API. */
export type ExtensionRequest = { type: 'get-widget-state' };

/** What the content script answers: the widget's state, or why there is none. */
export type WidgetLookup = { found: true; state: WidgetState } | { found: false; reason: string };

/** Pushed by the content script whenever the widget reports a change. */
export interface WidgetStateUpdate {
  type: 'widget-state';
  state: WidgetState;
}
