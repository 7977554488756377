import { BRIDGE_CHANNEL } from '../../shared/bridge.ts';
import type { BugBundle, PortToWidgetMessage } from '../../shared/bridge.ts';
import type { BundleLookup } from './messages.ts';

/** Bundle requests to the widget: `request` asks and waits (up to `timeoutMs`), `answer` settles the one named. */
export function createBugBundleRequests(post: (message: PortToWidgetMessage) => void) {
  const waiting = new Map<string, (bundle: BugBundle) => void>();
  let counter = 0;
  const request = (timeoutMs: number) => {
    const requestId = `bug-${Date.now()}-${++counter}`;
    return new Promise<BundleLookup>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        resolve({
          found: false,
          reason:
            'The crm-insights widget on this page did not answer (is it installed, and a version with bug reports?).',
        });
      }, timeoutMs);
      waiting.set(requestId, (bundle) => {
        clearTimeout(timer);
        waiting.delete(requestId);
        resolve({ found: true, bundle });
      });
      post({ channel: BRIDGE_CHANNEL, kind: 'get-bug-bundle', requestId });
    });
  };
  const answer = (requestId: string, bundle: BugBundle) => waiting.get(requestId)?.(bundle);
  return { request, answer };
}
