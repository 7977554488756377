import {
  BRIDGE_CHANNEL,
  BRIDGE_MAX_BYTES,
  ConnectSchema,
  LIVE_HISTORY_MAX,
  OVERRIDES_MAX_BYTES,
  PortToWidgetSchema,
  parseBridgeMessage,
} from '../../shared/bridge.ts';
import type { BugBundle, LiveEvent, PortFromWidgetMessage } from '../../shared/bridge.ts';
import type { Overrides } from '../../shared/flags/types.ts';
import type { InsightEvent } from '../../shared/protocol.ts';
import type { InspectableClient } from './client.ts';
import { createStateFeed } from './state-feed.ts';

/** What the channel reads from the running widget besides the client. */
export interface BridgeSources {
  /** The bug-report bundle (replay, errors, breadcrumbs, vitals, flags) the extension attaches to a report. */
  collectBundle?: () => Promise<BugBundle>;
  /** What the page captured before the extension connected, oldest first (handed over once, on connect). */
  recentEvents?: () => readonly InsightEvent[];
}

/** An event as the Live tab receives it. */
function liveEvent(event: InsightEvent): LiveEvent {
  return { id: event.id, type: event.type, name: event.name, ts: event.ts, props: event.props };
}

/** The newest events whose serialized size stays under the channel's cap, oldest first. */
function historyWithin(events: readonly InsightEvent[], maxBytes: number): LiveEvent[] {
  const kept: LiveEvent[] = [];
  let bytes = 200;
  for (let index = events.length - 1; index >= 0 && kept.length < LIVE_HISTORY_MAX; index--) {
    const live = liveEvent(events[index]!);
    bytes += JSON.stringify(live).length + 1;
    if (bytes > maxBytes) break;
    kept.push(live);
  }
  return kept.reverse();
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
  const stops: (() => void)[] = [];
  const send = (message: PortFromWidgetMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      // A value that cannot be cloned is not worth breaking the page for.
    }
  };
  const sendFlags = () => send({ channel: BRIDGE_CHANNEL, kind: 'flags', flags: client.flags.state() });
  const state = createStateFeed(client.stateSources);
  stops.push(state.stop);
  const sendState = () =>
    void state.get().then(
      (state) => send({ channel: BRIDGE_CHANNEL, kind: 'state', state }),
      () => undefined,
    );

  const onPortMessage = (event: MessageEvent) => {
    try {
      if (JSON.stringify(event.data).length > OVERRIDES_MAX_BYTES) return;
    } catch {
      return;
    }
    const message = parseBridgeMessage(PortToWidgetSchema, event.data);
    if (!message) return;
    if (message.kind === 'get-flags') sendFlags();
    else if (message.kind === 'refresh') {
      sendState();
      sendFlags();
    } else if (message.kind === 'get-bug-bundle') {
      const { requestId } = message;
      void (
        sources.collectBundle?.() ??
        Promise.resolve<BugBundle>({
          missing: [{ part: 'widget', reason: 'this widget build has no bug-report bundle' }],
        })
      ).then(
        (bundle) => send({ channel: BRIDGE_CHANNEL, kind: 'bug-bundle', requestId, bundle }),
        () => undefined,
      );
    }
    // Structured clone plus the size check above leave only JSON-like data: the schema's `unknown` values are JSON.
    else
      void client.flags.applyOverrides(message.overrides as Overrides, message.token).then(sendFlags, () => undefined);
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
    // What happened before the panel connected first (the page load's vitals), then the stream.
    send({
      channel: BRIDGE_CHANNEL,
      kind: 'history',
      events: historyWithin(sources.recentEvents?.() ?? [], BRIDGE_MAX_BYTES),
    });
    stops.push(
      client.flags.subscribe(sendFlags),
      state.subscribe((current) => send({ channel: BRIDGE_CHANNEL, kind: 'state', state: current })),
      client.onCapture((captured) => send({ channel: BRIDGE_CHANNEL, kind: 'event', event: liveEvent(captured) })),
    );
    sendState();
    sendFlags();
  };
  target.addEventListener('message', onWindowMessage);
  if (announce)
    target.postMessage({ channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'ready' }, target.location.origin);
  return () => {
    target.removeEventListener('message', onWindowMessage);
    for (const stop of stops) stop();
    port?.close();
  };
}
