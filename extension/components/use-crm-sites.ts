import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { Answer, BackgroundRequest } from '../lib/messages.ts';
import { normalizeOrigin, originPattern } from '../lib/origin-pattern.ts';
import { SCREENSHOT_ORIGINS, canScreenshotFromPanel } from '../lib/screenshot-permission.ts';
import { crmOriginsItem } from '../lib/storage-items.ts';

/** The CRM sites' data: the sites (live from storage), the one typed, screenshot access, and add / remove / allow. */
export function useCrmSites(api: WxtBrowser) {
  const [sites, setSites] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const [screenshots, setScreenshots] = useState(false);
  useEffect(() => {
    void crmOriginsItem.getValue().then(setSites);
    void canScreenshotFromPanel(api).then(setScreenshots);
    return crmOriginsItem.watch((next) => setSites(next ?? []));
  }, [api]);
  const sync = async (next: string[]) => {
    await crmOriginsItem.setValue(next);
    const answer = (await api.runtime.sendMessage({ type: 'sync-crm-origins' } satisfies BackgroundRequest)) as Answer<{
      origins: string[];
    }>;
    setMessage(answer.ok ? `Active on ${answer.origins.length} site(s). Reload open CRM tabs.` : answer.error);
  };
  const add = async (wanted: string) => {
    const site = normalizeOrigin(wanted);
    if (!site) return setMessage(`"${wanted}" is not a site address like https://crm.example.com.`);
    // permissions.request must run in the click itself (a user gesture), before anything else is awaited.
    const granted = await api.permissions.request({ origins: [originPattern(site)] }).catch((error: unknown) => {
      setMessage(String(error));
      return false;
    });
    if (!granted) return setMessage(`Access to ${site} was not granted.`);
    setText('');
    await sync([...new Set([...sites, site])]);
  };
  const remove = async (site: string) => {
    await sync(sites.filter((other) => other !== site));
    await api.permissions.remove({ origins: [originPattern(site)] }).catch(() => false);
  };
  const allowScreenshots = (wanted: boolean) => {
    const change = wanted
      ? api.permissions.request({ origins: SCREENSHOT_ORIGINS })
      : api.permissions.remove({ origins: SCREENSHOT_ORIGINS });
    void change.then(() => canScreenshotFromPanel(api)).then(setScreenshots, () => undefined);
  };
  return { sites, text, setText, message, screenshots, add, remove, allowScreenshots };
}
