import { BRIDGE_CHANNEL, OVERRIDES_MAX_BYTES, PortToWidgetSchema, parseBridgeMessage } from '../../shared/bridge.ts';
import type { BugBundle, PortToWidgetMessage } from '../../shared/bridge.ts';
import type { Overrides } from '../../shared/flags/types.ts';
import type { BridgeSources, PanelReplies } from './bridge.ts';
import type { InspectableClient } from './client.ts';

/** Answers the panel's requests on the adopted port: flags, a refresh, a bug bundle, or overrides to apply. */
export function answerPanelRequests(
  client: InspectableClient,
  sources: BridgeSources,
  replies: PanelReplies,
): (event: MessageEvent) => void {
  return (event) => {
    const message = readRequest(event.data);
    if (!message) return;
    if (message.kind === 'get-flags') replies.sendFlags();
    else if (message.kind === 'refresh') {
      replies.sendState();
      replies.sendFlags();
    } else if (message.kind === 'get-bug-bundle') sendBugBundle(sources, message.requestId, replies.send);
    // Structured clone plus the size check in readRequest leave only JSON-like data: the schema's `unknown`
    // values are JSON.
    else
      void client.flags
        .applyOverrides(message.overrides as Overrides, message.token)
        .then(replies.sendFlags, () => undefined);
  };
}

/** The request a port message carries; undefined when it is none, or larger than an overrides message may be. */
function readRequest(data: unknown): PortToWidgetMessage | undefined {
  try {
    if (JSON.stringify(data).length > OVERRIDES_MAX_BYTES) return undefined;
  } catch {
    return undefined;
  }
  return parseBridgeMessage(PortToWidgetSchema, data);
}

/** Sends the bug-report bundle asked for, or one that says this build cannot make it. */
function sendBugBundle(sources: BridgeSources, requestId: string, send: PanelReplies['send']): void {
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
