import type { BugBundle, LiveEvent } from '../../../shared/bridge.ts';
import { startBridge } from '../bridge.ts';
import type { InspectableClient } from '../client.ts';
import { answerBugBundleRequests } from '../feedback/bug-bundle-bridge.ts';
import { startFlagsBridge } from '../flags/flags-bridge.ts';

/** What the bridges read from the running widget. */
export interface BridgeSources {
  client: InspectableClient;
  /** The bug-report bundle (replay, errors, breadcrumbs, vitals, flags) the extension attaches to a report. */
  collectBundle: () => Promise<BugBundle>;
}

/**
 * The extension bridges as one on-demand chunk: widget state, flags and overrides over a private port with the
 * live event stream, and bug-report bundles. Loaded by the core when the extension first speaks.
 */
export function startExtensionBridges({ client, collectBundle }: BridgeSources, target: Window): void {
  startBridge(client, target);
  const live = (listener: (event: LiveEvent) => void) =>
    client.onCapture((event) => listener({ id: event.id, type: event.type, name: event.name, ts: event.ts, props: event.props }));
  // The core has announced the widget already; a second `ready` would make the content script connect twice.
  startFlagsBridge(client.flags, live, target, false);
  answerBugBundleRequests(collectBundle, target);
}
