import { BRIDGE_CHANNEL } from '../../shared/bridge-channel.ts';

/** Starts the bridges on `target`; returns nothing the core needs. */
export type StartBridges = (target: Window) => void;

/**
 * Starts the extension bridges only once the extension speaks. Only staff have the extension, so no other page
 * should pay for the bridges and their message schemas (about a fifth of the core). The core announces the widget
 * (`ready`, which makes a waiting content script connect) and watches for a message on the bridge channel
 * addressed to the widget; the first one loads the bridge chunk, and that message and any that arrive while it
 * loads are dispatched again once the bridges listen. Nothing is trusted here: the same source check and schemas
 * as always run inside the bridges. `load` resolves undefined when the chunk did not load (the lazy-feature
 * contract has said why); the extension's next message tries again.
 */
export function startBridgesOnDemand(target: Window, load: () => Promise<StartBridges | undefined>): void {
  let waiting: MessageEvent[] | undefined;
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { channel?: unknown; direction?: unknown } | null;
    if (event.source !== target || data?.channel !== BRIDGE_CHANNEL || data.direction !== 'to-widget') return;
    if (waiting) {
      waiting.push(event);
      return;
    }
    waiting = [event];
    void load().then((start) => {
      if (!start) {
        waiting = undefined;
        return;
      }
      target.removeEventListener('message', onMessage);
      start(target);
      for (const early of waiting ?? []) {
        target.dispatchEvent(
          new MessageEvent('message', {
            data: early.data,
            origin: early.origin,
            source: target,
            ports: [...early.ports],
          }),
        );
      }
      waiting = undefined;
    });
  };
  target.addEventListener('message', onMessage);
  // To this page's own origin, written '/': a sandboxed frame's origin reads "null", which postMessage refuses as a
  // target (SyntaxError), https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps
  target.postMessage({ channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'ready' }, '/');
}
