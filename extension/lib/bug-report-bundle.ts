import type { WxtBrowser } from 'wxt/browser';
import { BugBundleMessageSchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { BugBundle } from '../../shared/bridge.ts';

/** The widget's bug-report bundle, or why there is none. */
export type BundleLookup = { found: true; bundle: BugBundle } | { found: false; reason: string };

/**
 * Runs in the tab's isolated world (scripting.executeScript): asks the widget over window messages for its
 * bundle and resolves the raw answer, or null after `timeoutMs`. Self-contained: it is serialized into the page.
 */
export function askWidgetForBundle(requestId: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { channel?: unknown; kind?: unknown; requestId?: unknown } | null;
      if (event.source !== window || data?.channel !== 'crm-insights' || data.kind !== 'bug-bundle' || data.requestId !== requestId) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(data);
    };
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      resolve(null);
    }, timeoutMs);
    window.addEventListener('message', onMessage);
    window.postMessage({ channel: 'crm-insights', direction: 'to-widget', kind: 'get-bug-bundle', requestId }, location.origin);
  });
}

/** Asks the widget in `tabId` for its bundle (validated here, since the page could answer anything). */
export async function requestBugBundle(api: WxtBrowser, tabId: number, timeoutMs = 5000): Promise<BundleLookup> {
  try {
    const [result] = await api.scripting.executeScript({ target: { tabId }, func: askWidgetForBundle, args: [`bug-${Date.now()}`, timeoutMs] });
    if (!result?.result) return { found: false, reason: 'The crm-insights widget on this page did not answer (is it installed, and a version with bug reports?).' };
    const message = parseBridgeMessage(BugBundleMessageSchema, result.result);
    if (!message) return { found: false, reason: 'The page answered with a bundle that is not valid; it was ignored.' };
    return { found: true, bundle: message.bundle };
  } catch (error) {
    return { found: false, reason: `Could not reach the page: ${(error as Error).message}` };
  }
}
