import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { Answer, BackgroundRequest, Incident } from '../lib/messages.ts';

/** The open incidents for `origin` as the background answers (undefined while asking), and `load` to ask again. */
export function useIncidents(api: WxtBrowser, origin: string | undefined) {
  const [incidents, setIncidents] = useState<Answer<{ incidents: Incident[] }> | undefined>();
  const load = () => {
    if (!origin) return;
    const request: BackgroundRequest = { type: 'incidents', origin };
    void (api.runtime.sendMessage(request) as Promise<Answer<{ incidents: Incident[] }>>).then(
      setIncidents,
      (error: unknown) => setIncidents({ ok: false, error: String(error) }),
    );
  };
  useEffect(load, [api, origin]);
  return { incidents, load };
}
