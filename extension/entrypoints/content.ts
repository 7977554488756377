import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { crmOrigins } from '../lib/crm-origins.ts';
import { connectFlagsPort } from '../lib/flags-port.ts';
import type { BackgroundRequest, ExtensionRequest, WidgetStateUpdate } from '../lib/messages.ts';
import { createOverrideIndicator } from '../lib/override-indicator.ts';
import { activeOverrides, countOverrides } from '../lib/override-store.ts';
import type { OverridesByOrigin } from '../lib/override-store.ts';
import { createPageBridge } from '../lib/page-bridge.ts';
import { overridesItem } from '../lib/storage-items.ts';

export default defineContentScript({
  matches: crmOrigins(import.meta.env?.WXT_CRM_ORIGINS),
  runAt: 'document_idle',
  async main(context) {
    // No panel open is the normal case: nobody is listening.
    const push = (message: unknown) => browser.runtime.sendMessage(message).catch(() => undefined);
    const bridge = createPageBridge(window, (state) => push({ type: 'widget-state', state } satisfies WidgetStateUpdate));

    let all: OverridesByOrigin = await overridesItem.getValue();
    const current = () => activeOverrides(all, location.origin, Date.now());
    const indicator = createOverrideIndicator(document);
    let expiryTimer: ReturnType<typeof setTimeout> | undefined;
    const showIndicator = () => {
      const status = flagsPort.flags().flags?.overrideStatus;
      indicator.show(countOverrides(current()?.overrides), status === 'ignored-unsigned' || status === 'ignored-invalid-token');
    };
    const flagsPort = connectFlagsPort(
      window,
      (what) => {
        if (what === 'flags') showIndicator();
        push({ type: what === 'flags' ? 'flags-changed' : 'live-event' });
      },
      current,
    );
    const applyOverrides = () => {
      const entry = current();
      flagsPort.sendOverrides(entry);
      const count = countOverrides(entry?.overrides);
      showIndicator();
      push({ type: 'overrides-count', count } satisfies BackgroundRequest);
      // Expiry must take effect on an open page too, not only on the next load.
      clearTimeout(expiryTimer);
      if (entry) expiryTimer = setTimeout(applyOverrides, Math.min(entry.expiresAt - Date.now() + 50, 2 ** 31 - 1));
    };
    applyOverrides();
    const unwatch = overridesItem.watch((next) => {
      all = next ?? {};
      applyOverrides();
    });

    const onRequest = (request: ExtensionRequest) => {
      if (request?.type === 'get-widget-state') return bridge.requestState();
      if (request?.type === 'get-flags') return Promise.resolve(flagsPort.flags());
      if (request?.type === 'get-live') return Promise.resolve({ events: flagsPort.events() });
      return undefined;
    };
    browser.runtime.onMessage.addListener(onRequest);
    context.onInvalidated(() => {
      bridge.stop();
      flagsPort.stop();
      unwatch();
      clearTimeout(expiryTimer);
      indicator.hide();
      browser.runtime.onMessage.removeListener(onRequest);
    });
  },
});
