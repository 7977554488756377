import type { BundleLookup, PageSnapshot } from './messages.ts';
import { liveOverrides } from './override-store.ts';
import type { OriginOverrides } from './override-store.ts';
import { createOverrideSync } from './override-sync.ts';
import type { OverrideSyncDeps } from './override-sync.ts';
import { connectWidgetChannel } from './widget-channel.ts';

/** What the content script hands the page session: its page, its origin's overrides, and the browser's ways. */
export interface PageSessionDeps extends Pick<OverrideSyncDeps, 'tokens' | 'indicator' | 'send'> {
  page: Window;
  /** This page's overrides at start, as the background answered (content scripts cannot read extension storage). */
  overrides: OriginOverrides | undefined;
  /** Asks the background for this page's overrides again. */
  askOverrides: () => Promise<OriginOverrides | undefined>;
}

/** The content script's hold on its page, as the answers to panels and the teardown use it. */
export interface PageSession {
  /** What the panels see of the page, with the token error if there is one. */
  snapshot(): PageSnapshot;
  /** Asks the widget for its bug-report bundle. */
  requestBugBundle(): Promise<BundleLookup>;
  /** Asks for the token again if one was refused (the staff credential changed). */
  retryRefusedToken(): void;
  /** Asks for this origin's overrides again (the background said they changed) and applies them. */
  overridesChanged(): Promise<void>;
  /** Disconnects from the widget and removes the badge. */
  stop(): void;
}

/** Connects to the page's widget, applies this origin's overrides and follows their changes. */
export function startPageSession({ page, overrides, askOverrides, ...deps }: PageSessionDeps): PageSession {
  let entry = overrides;
  // Two changes in quick succession: only the answer to the latest question counts.
  let asked = 0;
  const current = () => liveOverrides(entry, Date.now());
  const sync = createOverrideSync({ ...deps, current, widget: () => channel });
  const channel = connectWidgetChannel(page, sync.onWidgetUpdate, current);
  void sync.apply();
  return {
    snapshot() {
      const overrideError = sync.error();
      return { ...channel.snapshot(), ...(overrideError ? { overrideError } : {}) };
    },
    requestBugBundle: () => channel.requestBugBundle(),
    retryRefusedToken() {
      if (sync.error() !== undefined) sync.retry();
    },
    async overridesChanged() {
      const question = ++asked;
      const answer = await askOverrides();
      if (question !== asked) return;
      entry = answer;
      sync.retry();
    },
    stop() {
      channel.stop();
      sync.stop();
    },
  };
}
