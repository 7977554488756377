import type { BackgroundRequest, PageUpdate, PageUpdateMessage } from './messages.ts';
import { overridesRefused, untilExpiryMs, wantsOverrideToken } from './override-decisions.ts';
import type { createOverrideIndicator } from './override-indicator.ts';
import { countOverrides } from './override-store.ts';
import type { OriginOverrides } from './override-store.ts';
import type { createOverrideTokens } from './override-tokens.ts';
import type { WidgetChannel } from './widget-channel.ts';

/** What the override sync works with: the page's overrides, its widget, its badge, and the way to the panels. */
export interface OverrideSyncDeps {
  /** This origin's live overrides, if any. */
  current: () => OriginOverrides | undefined;
  /** The widget channel: a getter, since the channel connects after the sync it reports its updates to. */
  widget: () => WidgetChannel;
  tokens: ReturnType<typeof createOverrideTokens>;
  indicator: ReturnType<typeof createOverrideIndicator>;
  /** Tells the panels and the background (a failed send is expected: no panel open). */
  send: (message: PageUpdateMessage | BackgroundRequest) => unknown;
}

/**
 * Keeps the widget's overrides, the page's badge, the toolbar count and the panels' token error in step with this
 * origin's stored overrides, asking for a signed token when the widget runs in production mode.
 */
export function createOverrideSync({ current, widget, tokens, indicator, send }: OverrideSyncDeps) {
  let overrideError: string | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const showIndicator = () => {
    const status = widget().snapshot().flags?.overrideStatus;
    indicator.show(countOverrides(current()?.overrides), overridesRefused(status));
  };
  const apply = async () => {
    const entry = current();
    const { flags, state } = widget().snapshot();
    let token: string | undefined;
    let error: string | undefined;
    if (entry && flags?.productionMode && state?.anonymousId) ({ token, error } = await tokens.get(state.anonymousId));
    if (error !== overrideError) send({ type: 'page-update', update: { part: 'override-error', error } });
    overrideError = error;
    widget().sendOverrides(current(), token);
    showIndicator();
    send({ type: 'overrides-count', count: countOverrides(entry?.overrides) });
    // Expiry must take effect on an open page too, not only on the next load.
    clearTimeout(expiryTimer);
    if (entry) expiryTimer = setTimeout(() => void apply(), untilExpiryMs(entry.expiresAt, Date.now()));
  };
  return {
    /** Sends the overrides (with a token when one is wanted) and updates the badge, the count and the expiry. */
    apply,
    /** Why the last token request failed, if it did. */
    error: () => overrideError,
    /** Forgets the last token error and applies again, so a refused token is asked for anew. */
    retry() {
      overrideError = undefined;
      void apply();
    },
    /** Passes a widget update to the panels; new flags or state may change the badge or call for a token. */
    onWidgetUpdate(update: PageUpdate) {
      send({ type: 'page-update', update });
      if (update.part !== 'flags' && update.part !== 'state') return;
      showIndicator();
      if (wantsOverrideToken(widget().snapshot(), current() !== undefined, tokens.has, overrideError)) void apply();
    },
    /** Stops the expiry timer and removes the badge. */
    stop() {
      clearTimeout(expiryTimer);
      indicator.hide();
    },
  };
}
