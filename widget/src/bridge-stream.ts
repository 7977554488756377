import { BRIDGE_CHANNEL, BRIDGE_MAX_BYTES, LIVE_HISTORY_MAX } from '../../shared/bridge.ts';
import type { LiveEvent } from '../../shared/bridge.ts';
import type { InsightEvent } from '../../shared/protocol.ts';
import type { BridgeSources, PanelReplies } from './bridge.ts';
import type { InspectableClient } from './client.ts';
import type { createStateFeed } from './state-feed.ts';

/** Sends the new panel what came before it (the page load's vitals), then every change; returns the unsubscribes. */
export function streamToPanel(
  client: InspectableClient,
  sources: BridgeSources,
  state: Pick<ReturnType<typeof createStateFeed>, 'subscribe'>,
  { send, sendFlags }: PanelReplies,
): (() => void)[] {
  send({
    channel: BRIDGE_CHANNEL,
    kind: 'history',
    events: historyWithin(sources.recentEvents?.() ?? [], BRIDGE_MAX_BYTES),
  });
  return [
    client.flags.subscribe(sendFlags),
    state.subscribe((current) => send({ channel: BRIDGE_CHANNEL, kind: 'state', state: current })),
    client.onCapture((captured) => send({ channel: BRIDGE_CHANNEL, kind: 'event', event: liveEvent(captured) })),
  ];
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
