import { BRIDGE_CHANNEL, PortFromWidgetSchema, WidgetReadySchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { BugBundle, LiveEvent, PortFromWidgetMessage, PortToWidgetMessage } from '../../shared/bridge.ts';
import { createBugBundleRequests } from './bug-bundle-requests.ts';
import type { BundleLookup, PageSnapshot, PageUpdate } from './messages.ts';
import type { OriginOverrides } from './override-store.ts';

/** Live events the content script keeps for panels opened later (the widget's own ring is smaller). */
export const LIVE_EVENTS_KEPT = 500;

/** The content script's end of the one channel to the widget (see `widget/src/bridge.ts` for the design). */
export interface WidgetChannel {
  snapshot(): PageSnapshot;
  /** Asks the widget for its bug-report bundle. */
  requestBugBundle(timeoutMs?: number): Promise<BundleLookup>;
  /** Sends the origin's current overrides (undefined clears them) with the token that vouches for them, if any. */
  sendOverrides(entry: OriginOverrides | undefined, token?: string): void;
  stop(): void;
}

/** Adds the events the snapshot does not hold yet (by id), in time order, keeping the newest `LIVE_EVENTS_KEPT`. */
function keepEvents(snapshot: PageSnapshot, events: LiveEvent[]): void {
  const seen = new Set(snapshot.events.map((event) => event.id));
  snapshot.events.push(...events.filter((event) => !seen.has(event.id)));
  snapshot.events.sort((a, b) => a.ts - b.ts);
  if (snapshot.events.length > LIVE_EVENTS_KEPT) snapshot.events.splice(0, snapshot.events.length - LIVE_EVENTS_KEPT);
}

/** Applies one message from the widget to the snapshot and hands the change to `onUpdate`; a bundle to `onBundle`. */
function applyPortMessage(
  snapshot: PageSnapshot,
  message: PortFromWidgetMessage,
  onUpdate: (update: PageUpdate) => void,
  onBundle: (requestId: string, bundle: BugBundle) => void,
) {
  switch (message.kind) {
    case 'taken':
      snapshot.taken = true;
      return onUpdate({ part: 'taken' });
    case 'state':
      snapshot.state = message.state;
      return onUpdate({ part: 'state', state: message.state });
    case 'flags':
      snapshot.taken = false;
      snapshot.flags = message.flags;
      return onUpdate({ part: 'flags', flags: message.flags });
    case 'history':
      keepEvents(snapshot, message.events);
      return onUpdate({ part: 'history', events: message.events });
    case 'event':
      keepEvents(snapshot, [message.event]);
      return onUpdate({ part: 'event', event: message.event });
    case 'bug-bundle':
      return onBundle(message.requestId, message.bundle);
  }
}

/** The overrides message: the entry's overrides (none clears them) with the token that vouches for them, if any. */
function overridesMessage(entry: OriginOverrides | undefined, token?: string): PortToWidgetMessage {
  return {
    channel: BRIDGE_CHANNEL,
    kind: 'overrides',
    overrides: entry?.overrides ?? {},
    ...(token ? { token } : {}),
  };
}

/**
 * Hands the widget a `MessagePort` on start and whenever the widget announces `ready` (it loaded after us), then
 * talks only over that port. `onUpdate` hears every change, carrying its data, to push it to open panels.
 */
export function connectWidgetChannel(
  page: Window,
  onUpdate: (update: PageUpdate) => void,
  initialOverrides: () => OriginOverrides | undefined,
): WidgetChannel {
  let port: MessagePort | undefined;
  const snapshot: PageSnapshot = { openedAt: Date.now(), taken: false, events: [] };
  // Set once the widget has answered on the current port: from then on a `ready` (which a page script can forge)
  // must not make us drop a live channel for a new one the widget would refuse.
  let connected = false;
  const post = (message: PortToWidgetMessage) => port?.postMessage(message);
  const bundles = createBugBundleRequests(post);

  const onPortMessage = (event: MessageEvent) => {
    const message = parseBridgeMessage(PortFromWidgetSchema, event.data);
    if (!message) return;
    if (message.kind !== 'taken') connected = true;
    applyPortMessage(snapshot, message, onUpdate, bundles.answer);
  };
  const connect = () => {
    port?.close();
    connected = false;
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = onPortMessage;
    // To this page's own origin, written '/': `location.origin` is the address's origin, which a sandboxed document
    // (opaque origin) does not have, so the message was dropped there, and where the address has no origin either
    // (about:srcdoc) it reads "null", which postMessage refuses with a SyntaxError.
    // https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps
    page.postMessage({ channel: BRIDGE_CHANNEL, direction: 'to-widget', kind: 'connect' }, '/', [channel.port2]);
    // Queued on the port until the widget adopts it, so overrides apply before it reports its first flags.
    post(overridesMessage(initialOverrides()));
  };
  const onWindowMessage = (event: MessageEvent) => {
    if (!connected && event.source === page && parseBridgeMessage(WidgetReadySchema, event.data)) connect();
  };
  page.addEventListener('message', onWindowMessage);
  connect();
  return {
    snapshot: () => ({ ...snapshot, events: [...snapshot.events] }),
    requestBugBundle(timeoutMs = 5000) {
      return bundles.request(timeoutMs);
    },
    sendOverrides(entry, token) {
      post(overridesMessage(entry, token));
    },
    stop() {
      page.removeEventListener('message', onWindowMessage);
      port?.close();
    },
  };
}
