import { startBridge } from '../bridge.ts';
import type { BridgeSources } from '../bridge.ts';
import type { InspectableClient } from '../client.ts';

/**
 * The extension channel as an on-demand chunk (state, flags and overrides, the live event stream with what the
 * page captured before, bug-report bundles), loaded by the core when the extension first speaks.
 */
export function startExtensionBridges(client: InspectableClient, sources: BridgeSources, target: Window): void {
  // The core has announced the widget already; a second `ready` would make the content script connect twice.
  startBridge(client, target, sources, false);
}
