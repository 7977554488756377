import type { BundleLookup, PageSnapshot } from './messages.ts';
import { activeOverrides } from './override-store.ts';
import type { OverridesByOrigin } from './override-store.ts';
import { createOverrideSync } from './override-sync.ts';
import type { OverrideSyncDeps } from './override-sync.ts';
import { connectWidgetChannel } from './widget-channel.ts';

/** What the content script hands the page session: its page, origin and stored overrides, and the browser's ways. */
export interface PageSessionDeps extends Pick<OverrideSyncDeps, 'tokens' | 'indicator' | 'send'> {
  page: Window;
  origin: string;
  /** Every origin's stored overrides at start. */
  overrides: OverridesByOrigin;
  /** Subscribes to changes of the stored overrides; returns the unsubscribe. */
  watchOverrides: (onChange: (next: OverridesByOrigin | null | undefined) => void) => () => void;
}

/** The content script's hold on its page, as the answers to panels and the teardown use it. */
export interface PageSession {
  /** What the panels see of the page, with the token error if there is one. */
  snapshot(): PageSnapshot;
  /** Asks the widget for its bug-report bundle. */
  requestBugBundle(): Promise<BundleLookup>;
  /** Asks for the token again if one was refused (the staff credential changed). */
  retryRefusedToken(): void;
  /** Disconnects from the widget and the storage and removes the badge. */
  stop(): void;
}

/** Connects to the page's widget, applies this origin's overrides and follows their changes in storage. */
export function startPageSession({ page, origin, overrides, watchOverrides, ...deps }: PageSessionDeps): PageSession {
  let all = overrides;
  const current = () => activeOverrides(all, origin, Date.now());
  const sync = createOverrideSync({ ...deps, current, widget: () => channel });
  const channel = connectWidgetChannel(page, sync.onWidgetUpdate, current);
  void sync.apply();
  const unwatch = watchOverrides((next) => {
    all = next ?? {};
    sync.retry();
  });
  return {
    snapshot() {
      const overrideError = sync.error();
      return { ...channel.snapshot(), ...(overrideError ? { overrideError } : {}) };
    },
    requestBugBundle: () => channel.requestBugBundle(),
    retryRefusedToken() {
      if (sync.error() !== undefined) sync.retry();
    },
    stop() {
      channel.stop();
      unwatch();
      sync.stop();
    },
  };
}
