import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { answerContentRequest } from '../lib/content-requests.ts';
import { createExtensionSender } from '../lib/extension-sender.ts';
import type { BackgroundRequest, ContentRequest, PageUpdateMessage } from '../lib/messages.ts';
import { createOverrideIndicator } from '../lib/override-indicator.ts';
import { createOverrideTokens } from '../lib/override-tokens.ts';
import type { IssuedToken } from '../lib/override-tokens.ts';
import type { OriginOverrides } from '../lib/override-store.ts';
import { startPageSession } from '../lib/page-session.ts';

// Registered at run time by the background for the CRM origins staff granted (see lib/crm-origins.ts), not in the
// manifest: each customer's origins are chosen in Settings, not at build time.
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_idle',
  async main(context) {
    const origin = location.origin;
    // Not `browser.runtime.sendMessage` itself: it throws synchronously once the extension is reloaded or removed.
    const toExtension = createExtensionSender(
      (message) => browser.runtime.sendMessage(message),
      () => context.isInvalid,
    );
    // Extension storage is closed to content scripts (lib/storage-access.ts): the background answers this page's
    // overrides, for the origin the browser says the page is on, and says when they change.
    const askOverrides = () =>
      toExtension({ type: 'page-overrides' } satisfies BackgroundRequest).then(
        (answer) => (answer ?? undefined) as OriginOverrides | undefined,
        () => undefined,
      );
    const session = startPageSession({
      page: window,
      overrides: await askOverrides(),
      askOverrides,
      indicator: createOverrideIndicator(document),
      tokens: createOverrideTokens(
        (anonymousId) =>
          toExtension({
            type: 'issue-override-token',
            origin,
            anonymousId,
          } satisfies BackgroundRequest) as Promise<IssuedToken>,
      ),
      // No panel open is the normal case: nobody is listening.
      send: (message: PageUpdateMessage | BackgroundRequest) => toExtension(message).catch(() => undefined),
    });
    const onRequest = (request: ContentRequest) => answerContentRequest(request, session);
    browser.runtime.onMessage.addListener(onRequest);
    context.onInvalidated(() => {
      session.stop();
      browser.runtime.onMessage.removeListener(onRequest);
    });
  },
});
