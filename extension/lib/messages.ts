import type { BugBundle, FlagsState, LiveEvent, WidgetState } from '../../shared/bridge.ts';
import type { BugReportStatus } from '../../shared/protocol.ts';

/** What the content script knows of its page's widget, as the panel reads it. */
export interface PageSnapshot {
  /** The widget's session, outbox and sync state, once it has reported. */
  state?: WidgetState;
  /** The widget's flags, experiments and how it treated the overrides. */
  flags?: FlagsState;
  /** When the content script first offered the widget its channel (epoch ms), to tell "no widget" from "not yet". */
  openedAt: number;
  /** Whether a page script took the widget's channel before the extension could. */
  taken: boolean;
  /** What the widget captured on this page (handed over on connect, then streamed), oldest first, bounded. */
  events: LiveEvent[];
  /** Why the overrides could not get a signed token (production mode), if they could not. */
  overrideError?: string;
}

/** One change the content script pushes to open panels: the data itself, never "ask me again". */
export type PageUpdate =
  | { part: 'state'; state: WidgetState }
  | { part: 'flags'; flags: FlagsState }
  | { part: 'event'; event: LiveEvent }
  | { part: 'history'; events: LiveEvent[] }
  | { part: 'taken' }
  | { part: 'override-error'; error: string | undefined };

/** Content script → panels. */
export interface PageUpdateMessage {
  type: 'page-update';
  update: PageUpdate;
}

/**
 * Panel → content script, and background → content script: `auth-changed` (the staff credential changed) and
 * `overrides-changed` (this origin's overrides changed: ask for them again).
 */
export type ContentRequest =
  | { type: 'get-page' }
  | { type: 'get-bug-bundle' }
  | { type: 'auth-changed' }
  | { type: 'overrides-changed' };

/** The widget's bug-report bundle, or why there is none. */
export type BundleLookup = { found: true; bundle: BugBundle } | { found: false; reason: string };

/** What a signed-in extension knows about its API (never the secret itself). */
export interface AuthStatus {
  endpoint: string;
  signedIn: boolean;
  /** `paired`: a staff session from the dashboard; `token`: a staff token typed in. */
  kind?: 'paired' | 'token';
  expiresAt?: number;
}

/** A report filed from this extension install, with its triage status as the API tells it. */
export interface MyReport {
  id: string;
  filedAt: number;
  description: string;
  /** The triage status staff set in the dashboard (`open` until someone does). */
  status: BugReportStatus;
  /** Who set the status when, in a sentence. */
  detail: string;
  link: string;
}

/** An open incident concerning an origin, as `GET /api/alerts/incidents?origin=` lists it. */
export interface Incident {
  id: string;
  /** The alert rule that opened it. */
  rule: string;
  summary: string;
  openedAt: number;
  /** True when it concerns the whole service (NPS, health…), not this site in particular. */
  wholeService: boolean;
  /** Where the dashboard shows it. */
  link: string;
}

/** Requests the background service worker answers (it alone holds the staff credential). */
export type BackgroundRequest =
  | { type: 'set-staff-token'; endpoint: string; token: string }
  | { type: 'pair'; dashboard: string; code: string }
  | { type: 'sign-out' }
  | { type: 'auth-status' }
  | { type: 'issue-override-token'; origin: string; anonymousId: string }
  | { type: 'overrides-count'; count: number }
  | { type: 'page-overrides' }
  | { type: 'capture-screenshot'; tabId: number }
  | { type: 'submit-bug-report'; report: unknown }
  | { type: 'my-reports' }
  | { type: 'incidents'; origin: string }
  | { type: 'sync-crm-origins' };

/** A background answer: the value, or a message saying what went wrong and what to do. */
export type Answer<T> = ({ ok: true } & T) | { ok: false; error: string };
