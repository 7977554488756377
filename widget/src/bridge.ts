import { BRIDGE_CHANNEL, ToWidgetSchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { FromWidgetMessage, WidgetState } from '../../shared/bridge.ts';
import type { InspectableClient } from './client.ts';

/**
 * Answers the extension's content script over `window.postMessage` and pushes state changes to it. Only
 * messages from this window itself are considered (the content script shares it; iframes do not), and each is
 * validated before it is read.
 */
export function startBridge(client: InspectableClient, target: Window = window): () => void {
  const post = (state: WidgetState, requestId?: string) => {
    const message: FromWidgetMessage = { channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'state', state, requestId };
    target.postMessage(message, target.location.origin);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== target) return;
    const message = parseBridgeMessage(ToWidgetSchema, event.data);
    if (!message) return;
    void client.getState().then((state) => post(state, message.requestId), () => undefined);
  };
  target.addEventListener('message', onMessage);
  const unsubscribe = client.subscribe((state) => post(state));
  return () => {
    target.removeEventListener('message', onMessage);
    unsubscribe();
  };
}
