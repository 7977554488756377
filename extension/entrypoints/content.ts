import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { crmOrigins } from '../lib/crm-origins.ts';
import type { ExtensionRequest, WidgetStateUpdate } from '../lib/messages.ts';
import { createPageBridge } from '../lib/page-bridge.ts';

export default defineContentScript({
  matches: crmOrigins(import.meta.env?.WXT_CRM_ORIGINS),
  runAt: 'document_idle',
  main(context) {
    const bridge = createPageBridge(window, (state) => {
      const update: WidgetStateUpdate = { type: 'widget-state', state };
      // No panel open is the normal case: nobody is listening.
      browser.runtime.sendMessage(update).catch(() => undefined);
    });
    const onRequest = (request: ExtensionRequest) => (request?.type === 'get-widget-state' ? bridge.requestState() : undefined);
    browser.runtime.onMessage.addListener(onRequest);
    context.onInvalidated(() => {
      bridge.stop();
      browser.runtime.onMessage.removeListener(onRequest);
    });
  },
});
