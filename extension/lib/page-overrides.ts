import type { WxtBrowser } from 'wxt/browser';
import { activeOverrides } from './override-store.ts';
import type { OriginOverrides, OverridesByOrigin } from './override-store.ts';
import { overridesItem } from './storage-items.ts';
import { tellTabs } from './tell-tabs.ts';

/**
 * The live overrides of one origin, for the content script of a page on it. Content scripts cannot read extension
 * storage (see storage-access.ts), so they ask the background, which answers only for the sender's own origin.
 */
export async function overridesForOrigin(origin: string): Promise<OriginOverrides | null> {
  return activeOverrides(await overridesItem.getValue(), origin, Date.now()) ?? null;
}

/**
 * Tells the content scripts of the tabs on every origin whose overrides changed to ask for them again; the message
 * carries no overrides, so a tab that navigated elsewhere meanwhile still gets only its own origin's.
 */
export function announceOverrideChanges(
  api: WxtBrowser,
  next: OverridesByOrigin | null | undefined,
  previous: OverridesByOrigin | null | undefined,
): Promise<void> {
  const origins = new Set([...Object.keys(next ?? {}), ...Object.keys(previous ?? {})]);
  const changed = new Set(
    [...origins].filter((origin) => JSON.stringify(next?.[origin]) !== JSON.stringify(previous?.[origin])),
  );
  if (!changed.size) return Promise.resolve();
  return tellTabs(api, { type: 'overrides-changed' }, (origin) => changed.has(origin));
}
