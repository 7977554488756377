import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import { targetTabId } from '../lib/target-tab.ts';

/** The inspected tab's id and origin (overrides are per origin), once known. */
export function useTargetTab(api: WxtBrowser): { tabId?: number; origin?: string } {
  const [target, setTarget] = useState<{ tabId?: number; origin?: string }>({});
  useEffect(() => {
    void (async () => {
      const tabId = await targetTabId(api);
      if (tabId === undefined) return;
      // The URL is readable only where the extension has host permission: the CRM origins staff granted.
      const tab = await api.tabs.get(tabId).catch(() => undefined);
      let origin: string | undefined;
      try {
        origin = tab?.url ? new URL(tab.url).origin : undefined;
      } catch {
        origin = undefined;
      }
      setTarget({ tabId, origin });
    })();
  }, [api]);
  return target;
}
