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

/** Polls the content script of `tabId` with `request` every `ms`, and whenever `pushType` arrives from that tab. */
export function usePolled<T>(api: WxtBrowser, tabId: number | undefined, request: unknown, pushType: string, ms = 1000): T | undefined {
  const [value, setValue] = useState<T | undefined>();
  useEffect(() => {
    if (tabId === undefined) return undefined;
    let alive = true;
    const refresh = () =>
      void api.tabs.sendMessage(tabId, request).then(
        (answer) => alive && setValue(answer as T),
        () => undefined,
      );
    const onPush = (message: { type?: string }, sender: { tab?: { id?: number } }) => {
      if (message?.type === pushType && sender.tab?.id === tabId) refresh();
    };
    refresh();
    const timer = setInterval(refresh, ms);
    api.runtime.onMessage.addListener(onPush);
    return () => {
      alive = false;
      clearInterval(timer);
      api.runtime.onMessage.removeListener(onPush);
    };
  }, [api, tabId]);
  return value;
}
