import { BRIDGE_CHANNEL, FromWidgetSchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { ToWidgetMessage, WidgetState } from '../../shared/bridge.ts';
import type { WidgetLookup } from './messages.ts';

/** The content script's side of the page bridge: asks the widget for its state and hears its updates. */
export interface PageBridge {
  requestState(timeoutMs?: number): Promise<WidgetLookup>;
  stop(): void;
}

/**
 * Listens to the page for widget messages (validated; anything else is ignored) and asks for state on demand.
 * `onState` hears every update the widget pushes.
 */
export function createPageBridge(page: Window, onState: (state: WidgetState) => void): PageBridge {
  const waiting = new Map<string, (state: WidgetState) => void>();
  let counter = 0;
  const onMessage = (event: MessageEvent) => {
    if (event.source !== page) return;
    const message = parseBridgeMessage(FromWidgetSchema, event.data);
    if (!message) return;
    const resolve = message.requestId ? waiting.get(message.requestId) : undefined;
    if (resolve) resolve(message.state);
    else onState(message.state);
  };
  page.addEventListener('message', onMessage);
  return {
    requestState(timeoutMs = 1500) {
      const requestId = `ext-${Date.now()}-${++counter}`;
      return new Promise<WidgetLookup>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(requestId);
          resolve({ found: false, reason: 'crm-insights widget not found on this page (no answer from window.crmInsights)' });
        }, timeoutMs);
        waiting.set(requestId, (state) => {
          clearTimeout(timer);
          waiting.delete(requestId);
          resolve({ found: true, state });
        });
        const message: ToWidgetMessage = { channel: BRIDGE_CHANNEL, direction: 'to-widget', kind: 'get-state', requestId };
        page.postMessage(message, page.location.origin);
      });
    },
    stop() {
      page.removeEventListener('message', onMessage);
    },
  };
}
