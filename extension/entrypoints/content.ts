import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { BackgroundRequest, ContentRequest, PageUpdate, PageUpdateMessage } from '../lib/messages.ts';
import { createOverrideIndicator } from '../lib/override-indicator.ts';
import { activeOverrides, countOverrides } from '../lib/override-store.ts';
import type { OverridesByOrigin } from '../lib/override-store.ts';
import { createOverrideTokens } from '../lib/override-tokens.ts';
import type { IssuedToken } from '../lib/override-tokens.ts';
import { overridesItem } from '../lib/storage-items.ts';
import { connectWidgetChannel } from '../lib/widget-channel.ts';

// Registered at run time by the background for the CRM origins staff granted (see lib/crm-origins.ts), not in the
// manifest: each customer's origins are chosen in Settings, not at build time.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_idle',
  async main(context) {
    const origin = location.origin;
    // No panel open is the normal case: nobody is listening.
    const send = (message: PageUpdateMessage | BackgroundRequest) =>
      browser.runtime.sendMessage(message).catch(() => undefined);
    let all: OverridesByOrigin = await overridesItem.getValue();
    const current = () => activeOverrides(all, origin, Date.now());
    const indicator = createOverrideIndicator(document);
    const tokens = createOverrideTokens(
      (anonymousId) =>
        browser.runtime.sendMessage({
          type: 'issue-override-token',
          origin,
          anonymousId,
        } satisfies BackgroundRequest) as Promise<IssuedToken>,
    );
    let overrideError: string | undefined;
    let expiryTimer: ReturnType<typeof setTimeout> | undefined;

    const showIndicator = () => {
      const status = channel.snapshot().flags?.overrideStatus;
      indicator.show(
        countOverrides(current()?.overrides),
        status === 'ignored-unsigned' || status === 'ignored-invalid-token',
      );
    };
    // In production mode the widget wants a token signed for this origin and its anonymous id, which it reports.
    const wantsToken = () => {
      const { flags, state } = channel.snapshot();
      return !!(
        current() &&
        flags?.productionMode &&
        state?.anonymousId &&
        flags.overrideStatus !== 'applied' &&
        !tokens.has(state.anonymousId) &&
        overrideError === undefined
      );
    };
    const applyOverrides = async () => {
      const entry = current();
      const { flags, state } = channel.snapshot();
      let token: string | undefined;
      let error: string | undefined;
      if (entry && flags?.productionMode && state?.anonymousId)
        ({ token, error } = await tokens.get(state.anonymousId));
      if (error !== overrideError) send({ type: 'page-update', update: { part: 'override-error', error } });
      overrideError = error;
      channel.sendOverrides(current(), token);
      showIndicator();
      send({ type: 'overrides-count', count: countOverrides(entry?.overrides) });
      // Expiry must take effect on an open page too, not only on the next load.
      clearTimeout(expiryTimer);
      if (entry)
        expiryTimer = setTimeout(() => void applyOverrides(), Math.min(entry.expiresAt - Date.now() + 50, 2 ** 31 - 1));
    };
    const onUpdate = (update: PageUpdate) => {
      send({ type: 'page-update', update });
      if (update.part !== 'flags' && update.part !== 'state') return;
      showIndicator();
      if (wantsToken()) void applyOverrides();
    };
    const channel = connectWidgetChannel(window, onUpdate, current);
    void applyOverrides();
    const unwatch = overridesItem.watch((next) => {
      all = next ?? {};
      overrideError = undefined;
      void applyOverrides();
    });

    const onRequest = (request: ContentRequest) => {
      if (request?.type === 'get-page')
        return Promise.resolve({ ...channel.snapshot(), ...(overrideError ? { overrideError } : {}) });
      if (request?.type === 'get-bug-bundle') return channel.requestBugBundle();
      if (request?.type === 'auth-changed' && overrideError !== undefined) {
        // Signed in (again) after a token was refused for want of a credential: try once more.
        overrideError = undefined;
        void applyOverrides();
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onRequest);
    context.onInvalidated(() => {
      channel.stop();
      unwatch();
      clearTimeout(expiryTimer);
      indicator.hide();
      browser.runtime.onMessage.removeListener(onRequest);
    });
  },
});
