import { BRIDGE_CHANNEL, BugBundleRequestSchema, parseBridgeMessage } from '../../../shared/bridge.ts';
import type { BugBundle, BugBundleMessage } from '../../../shared/bridge.ts';

/**
 * Answers the extension's "get-bug-bundle" requests with the bundle a bug report attaches. Like the state
 * bridge, it takes messages only from this window (the content script shares it, iframes do not), validated.
 */
export function answerBugBundleRequests(collect: () => Promise<BugBundle>, target: Window = window): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.source !== target) return;
    const request = parseBridgeMessage(BugBundleRequestSchema, event.data);
    if (!request) return;
    void collect().then(
      (bundle) => {
        const message: BugBundleMessage = { channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'bug-bundle', requestId: request.requestId, bundle };
        target.postMessage(message, target.location.origin);
      },
      () => undefined,
    );
  };
  target.addEventListener('message', onMessage);
  return () => target.removeEventListener('message', onMessage);
}
