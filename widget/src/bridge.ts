import { BRIDGE_CHANNEL, ConnectSchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { BugBundle, PortFromWidgetMessage } from '../../shared/bridge.ts';
import type { InsightEvent } from '../../shared/protocol.ts';
import { answerPanelRequests } from './bridge-requests.ts';
import { streamToPanel } from './bridge-stream.ts';
import type { InspectableClient } from './client.ts';
import { createStateFeed } from './state-feed.ts';

/** What the channel reads from the running widget besides the client. */
export interface BridgeSources {
  /** The bug-report bundle (replay, errors, breadcrumbs, vitals, flags) the extension attaches to a report. */
  collectBundle?: () => Promise<BugBundle>;
  /** What the page captured before the extension connected, oldest first (handed over once, on connect). */
  recentEvents?: () => readonly InsightEvent[];
}

/** How the widget answers the panel on the adopted port: any message, or its flags or state as they are now. */
export interface PanelReplies {
  send(message: PortFromWidgetMessage): void;
  sendFlags(): void;
  sendState(): void;
}

/**
 * The widget's end of the one channel to the extension: state, flags, overrides, live events and bug bundles.
 *
 * Why a port: window messages cannot tell the content script from the page. Both post on the same window, so
 * `event.source === window` for both, and any page script can forge a message. So the content script creates a
 * `MessageChannel` and hands one port over (`connect`); the widget adopts the first port it is given and only ever
 * listens to that port. A page script that posts fake overrides on the window is ignored; one that posts its own
 * `connect` first would only hijack a widget that no extension can then reach: the extension's later `connect`
 * is answered `taken` on its own port, and the panel says the page holds the channel. Page scripts can see the
 * handed-over port, so in production mode an override needs a token the API signed for this origin and this
 * browser's anonymous id (worthless anywhere else). Messages from iframes never pass `event.source === window`.
 */
export function startBridge(
  client: InspectableClient,
  target: Window = window,
  sources: BridgeSources = {},
  announce = true,
): () => void {
  let port: MessagePort | undefined;
  const send = (message: PortFromWidgetMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      // A value that cannot be cloned is not worth breaking the page for.
    }
  };
  const state = createStateFeed(client.stateSources);
  const stops: (() => void)[] = [state.stop];
  const replies: PanelReplies = {
    send,
    sendFlags: () => send({ channel: BRIDGE_CHANNEL, kind: 'flags', flags: client.flags.state() }),
    sendState: () =>
      void state.get().then(
        (current) => send({ channel: BRIDGE_CHANNEL, kind: 'state', state: current }),
        () => undefined,
      ),
  };
  const onPortMessage = answerPanelRequests(client, sources, replies);
  const onWindowMessage = (event: MessageEvent) => {
    const offered = offeredPort(event, target);
    if (!offered) return;
    if (port) {
      offered.postMessage({ channel: BRIDGE_CHANNEL, kind: 'taken' } satisfies PortFromWidgetMessage);
      return;
    }
    port = offered;
    port.onmessage = onPortMessage;
    stops.push(...streamToPanel(client, sources, state, replies));
    replies.sendState();
    replies.sendFlags();
  };
  target.addEventListener('message', onWindowMessage);
  if (announce) target.postMessage({ channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'ready' }, '/');
  return () => {
    target.removeEventListener('message', onWindowMessage);
    for (const stop of stops) stop();
    port?.close();
  };
}

/** The port a `connect` posted on this very window hands over; undefined for any other message. */
function offeredPort(event: MessageEvent, target: Window): MessagePort | undefined {
  if (event.source !== target || !parseBridgeMessage(ConnectSchema, event.data)) return undefined;
  return event.ports[0];
}
