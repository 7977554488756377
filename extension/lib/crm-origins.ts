import type { WxtBrowser } from 'wxt/browser';
import { originPattern } from './origin-pattern.ts';
import { crmOriginsItem } from './storage-items.ts';

/** The id the content script is registered under. */
const CONTENT_SCRIPT_ID = 'crm-insights-content';

/** The chosen origins that the browser has also granted (a grant can be withdrawn in the browser's own UI). */
async function grantedCrmOrigins(api: WxtBrowser): Promise<string[]> {
  const chosen = await crmOriginsItem.getValue();
  const granted: string[] = [];
  for (const origin of chosen)
    if (await api.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false)) granted.push(origin);
  return granted;
}

/**
 * Registers the content script for exactly the granted CRM origins (or unregisters it when there are none).
 * Called at start-up, when staff add or remove an origin, and when a permission is granted or withdrawn.
 */
export async function syncContentScripts(api: WxtBrowser): Promise<string[]> {
  const origins = await grantedCrmOrigins(api);
  const matches = [...new Set(origins.map(originPattern))];
  const registered = await api.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (!matches.length) {
    if (registered.length) await api.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return origins;
  }
  const script = {
    id: CONTENT_SCRIPT_ID,
    js: ['content-scripts/content.js'],
    matches,
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (registered.length) await api.scripting.updateContentScripts([script]);
  else await api.scripting.registerContentScripts([script]);
  return origins;
}
