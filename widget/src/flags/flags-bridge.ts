import { BRIDGE_CHANNEL, ConnectSchema, OVERRIDES_MAX_BYTES, PortToWidgetSchema, parseBridgeMessage } from '../../../shared/bridge.ts';
import type { LiveEvent, PortFromWidgetMessage } from '../../../shared/bridge.ts';
import type { Overrides } from '../../../shared/flags/types.ts';
import type { FlagsClient } from './flags-client.ts';

/**
 * The widget's end of the extension's private channel for flags, overrides and the live event stream.
 *
 * Why a port: window messages cannot tell the content script from the page. Both post on the same window, so
 * `event.source === window` for both, and any page script can forge a message. So overrides never ride on window
 * messages. Instead the content script creates a `MessageChannel` and hands one port over (`connect`); the widget
 * adopts the first port it is given and only ever listens to that port. A page script that posts fake overrides on
 * the window is ignored; one that posts its own `connect` first would only hijack a widget that no extension can
 * then reach — the extension's later `connect` is answered `taken` on its own port, and the panel says the page
 * holds the bridge. The content script connects when it starts and again whenever the widget announces `ready`;
 * in production mode an override also needs a staff token signed by the API, which no page script can mint.
 * Messages from iframes never pass `event.source === window`.
 */
export function startFlagsBridge(
  flags: FlagsClient,
  subscribeEvents: (listener: (event: LiveEvent) => void) => () => void,
  target: Window = window,
  /** Post `ready` on start; off when the core already announced the widget and a `connect` started this bridge. */
  announce = true,
): () => void {
  let port: MessagePort | undefined;
  const stops: (() => void)[] = [];
  const send = (message: PortFromWidgetMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      // A value that cannot be cloned is not worth breaking the page for.
    }
  };
  const sendFlags = () => send({ channel: BRIDGE_CHANNEL, kind: 'flags', flags: flags.state() });

  const onPortMessage = (event: MessageEvent) => {
    try {
      if (JSON.stringify(event.data).length > OVERRIDES_MAX_BYTES) return;
    } catch {
      return;
    }
    const message = parseBridgeMessage(PortToWidgetSchema, event.data);
    if (!message) return;
    if (message.kind === 'get-flags') sendFlags();
    // Structured clone plus the size check above leave only JSON-like data: the schema's `unknown` values are JSON.
    else void flags.applyOverrides(message.overrides as Overrides, message.token).then(sendFlags, () => undefined);
  };
  const onWindowMessage = (event: MessageEvent) => {
    if (event.source !== target || !parseBridgeMessage(ConnectSchema, event.data)) return;
    const offered = event.ports[0];
    if (!offered) return;
    if (port) {
      offered.postMessage({ channel: BRIDGE_CHANNEL, kind: 'taken' } satisfies PortFromWidgetMessage);
      return;
    }
    port = offered;
    port.onmessage = onPortMessage;
    stops.push(flags.subscribe(sendFlags), subscribeEvents((live) => send({ channel: BRIDGE_CHANNEL, kind: 'event', event: live })));
    sendFlags();
  };
  target.addEventListener('message', onWindowMessage);
  if (announce) target.postMessage({ channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'ready' }, target.location.origin);
  return () => {
    target.removeEventListener('message', onWindowMessage);
    stops.forEach((stop) => stop());
    port?.close();
  };
}
