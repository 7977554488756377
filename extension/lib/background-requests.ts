import type { WxtBrowser } from 'wxt/browser';
import type { BackgroundRequest, OverrideTokenAnswer } from './messages.ts';
import { settingsItem, staffTokenItem } from './storage-items.ts';

/**
 * What the background service worker does for the panel and content scripts: it alone reads the staff token
 * (to have the API sign override tokens), and it sets the toolbar badge to the tab's override count.
 * Returns undefined for messages that are not for it, so other listeners can answer them.
 */
export function handleBackgroundRequest(
  request: BackgroundRequest,
  sender: { id?: string; tab?: { id?: number } },
  api: WxtBrowser,
  fetcher: typeof fetch,
): Promise<unknown> | undefined {
  // Only our own pages and content scripts talk to us; the runtime already drops other extensions' messages.
  if (sender.id !== api.runtime.id) return undefined;
  switch (request?.type) {
    case 'overrides-count': {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return undefined;
      const text = request.count > 0 ? String(request.count) : '';
      return Promise.all([api.action.setBadgeText({ tabId, text }), api.action.setBadgeBackgroundColor({ tabId, color: '#b4232c' })]).catch(() => undefined);
    }
    case 'set-staff-token':
      return staffTokenItem.setValue(String(request.token ?? '').trim()).then(() => ({ ok: true }));
    case 'has-staff-token':
      return staffTokenItem.getValue().then((token) => ({ set: token.length > 0 }));
    case 'issue-override-token':
      return issueOverrideToken(request.origin, fetcher);
    default:
      return undefined;
  }
}

/** Asks the API (`POST /flags/override-token`, staff token) for a token valid on `origin`. */
async function issueOverrideToken(origin: string, fetcher: typeof fetch): Promise<OverrideTokenAnswer> {
  const [token, settings] = await Promise.all([staffTokenItem.getValue(), settingsItem.getValue()]);
  if (!settings.endpoint) return { ok: false, error: 'Set the API endpoint in Settings first.' };
  if (!token) return { ok: false, error: 'Set your staff token in Settings first.' };
  try {
    const response = await fetcher(`${settings.endpoint.replace(/\/+$/, '')}/flags/override-token`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origin, ttlMinutes: 24 * 60 }),
    });
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; error?: unknown };
    if (!response.ok || typeof body.token !== 'string') return { ok: false, error: `The API refused an override token: ${String(body.error ?? `HTTP ${response.status}`)}` };
    return { ok: true, token: body.token };
  } catch (error) {
    return { ok: false, error: `Could not reach the API: ${(error as Error).message}` };
  }
}
