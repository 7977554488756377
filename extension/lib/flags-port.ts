import { BRIDGE_CHANNEL, PortFromWidgetSchema, WidgetReadySchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { FlagsState, LiveEvent, PortToWidgetMessage } from '../../shared/bridge.ts';
import type { OriginOverrides } from './override-store.ts';

const LIVE_EVENTS_KEPT = 200;

/** The content script's end of the private flags channel (see `widget/src/flags/flags-bridge.ts` for the design). */
export interface FlagsPort {
  /** The widget's flags as last reported, and whether a page script took the bridge before us. */
  flags(): { flags?: FlagsState; taken: boolean };
  /** The latest captured events, newest last. */
  events(): LiveEvent[];
  /** Sends the origin's current overrides (undefined clears them) to the widget. */
  sendOverrides(entry: OriginOverrides | undefined): void;
  stop(): void;
}

/**
 * Hands the widget a `MessagePort` on start and whenever the widget announces `ready` (it loaded after us), then
 * talks only over that port. `onChange` hears new flags and events, to push them to an open panel.
 */
export function connectFlagsPort(page: Window, onChange: (what: 'flags' | 'event') => void, currentOverrides: () => OriginOverrides | undefined): FlagsPort {
  let port: MessagePort | undefined;
  let flags: FlagsState | undefined;
  let taken = false;
  // Set once the widget has answered on the current port: from then on a `ready` (which a page script can forge)
  // must not make us drop a live channel for a new one the widget would refuse.
  let connected = false;
  const events: LiveEvent[] = [];

  const overridesMessage = (entry: OriginOverrides | undefined): PortToWidgetMessage => ({
    channel: BRIDGE_CHANNEL,
    kind: 'overrides',
    overrides: entry?.overrides ?? {},
    ...(entry?.token ? { token: entry.token } : {}),
  });
  const connect = () => {
    port?.close();
    connected = false;
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = (event: MessageEvent) => {
      const message = parseBridgeMessage(PortFromWidgetSchema, event.data);
      if (!message) return;
      if (message.kind === 'taken') {
        taken = true;
      } else if (message.kind === 'flags') {
        taken = false;
        connected = true;
        flags = message.flags;
      } else {
        events.push(message.event);
        if (events.length > LIVE_EVENTS_KEPT) events.splice(0, events.length - LIVE_EVENTS_KEPT);
      }
      onChange(message.kind === 'event' ? 'event' : 'flags');
    };
    page.postMessage({ channel: BRIDGE_CHANNEL, direction: 'to-widget', kind: 'connect' }, page.location.origin, [channel.port2]);
    // Queued on the port until the widget adopts it, so overrides apply before it reports its first flags.
    port.postMessage(overridesMessage(currentOverrides()));
  };
  const onWindowMessage = (event: MessageEvent) => {
    if (!connected && event.source === page && parseBridgeMessage(WidgetReadySchema, event.data)) connect();
  };
  page.addEventListener('message', onWindowMessage);
  connect();
  return {
    flags: () => ({ ...(flags ? { flags } : {}), taken }),
    events: () => [...events],
    sendOverrides(entry) {
      port?.postMessage(overridesMessage(entry));
    },
    stop() {
      page.removeEventListener('message', onWindowMessage);
      port?.close();
    },
  };
}
