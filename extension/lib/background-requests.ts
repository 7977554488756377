import type { WxtBrowser } from 'wxt/browser';
import { callApi } from './api-client.ts';
import { captureTab, myReports, submitReport } from './bug-report-background.ts';
import { syncContentScripts } from './crm-origins.ts';
import { openIncidents } from './incidents.ts';
import type { BackgroundRequest, ContentRequest } from './messages.ts';
import { authStatus, pairWithDashboard, setStaffToken, signOut } from './staff-auth.ts';
import { authItem } from './storage-items.ts';

/** Override tokens live an hour at most (the API's cap): short, since the page can see them. */
const OVERRIDE_TOKEN_MINUTES = 60;

/**
 * What the background service worker does for panels and content scripts: it alone reads the staff credential
 * (to sign in, file reports, get override tokens and read incidents), screenshots tabs, registers the content
 * script and sets the toolbar badge. Returns undefined for messages that are not for it, so others answer them.
 */
export function handleBackgroundRequest(
  request: BackgroundRequest,
  sender: { id?: string; url?: string; tab?: { id?: number } },
  api: WxtBrowser,
  fetcher: typeof fetch,
): Promise<unknown> | undefined {
  // Only our own pages and content scripts talk to us; the runtime already drops other extensions' messages.
  if (sender.id !== api.runtime.id) return undefined;
  if (!sender.url?.startsWith(api.runtime.getURL('/')) && !contentScriptMayAsk(request, sender.url)) return undefined;
  switch (request?.type) {
    case 'overrides-count': {
      const tabId = sender.tab?.id;
      return tabId === undefined ? undefined : showOverridesCount(api, tabId, request.count);
    }
    case 'pair':
      return pairWithDashboard(request.dashboard, request.code, fetcher).then((answer) => tellTabs(api, answer));
    case 'set-staff-token':
      return setStaffToken(request.endpoint, request.token).then((answer) => tellTabs(api, answer));
    case 'sign-out':
      return signOut(fetcher).then((answer) => tellTabs(api, answer));
    case 'auth-status':
      return authStatus();
    case 'issue-override-token':
      return issueOverrideToken(request.origin, request.anonymousId, fetcher);
    case 'capture-screenshot':
      return captureTab(api, request.tabId);
    case 'submit-bug-report':
      return submitReport(request.report, fetcher);
    case 'my-reports':
      return myReports(fetcher);
    case 'incidents':
      return openIncidents(request.origin, fetcher);
    case 'sync-crm-origins':
      return syncCrmOrigins(api);
    default:
      return undefined;
  }
}

/**
 * What a content script (a sender that is not one of our pages) may ask: a token for its own page's origin and the
 * toolbar count, nothing else. Its messages come from the page's renderer process, which a page exploit can take
 * over and then send anything the content script could: screenshots of any tab, the staff's reports, a token for
 * another origin, a new endpoint. https://developer.chrome.com/docs/extensions/develop/security-privacy/stay-secure
 */
function contentScriptMayAsk(request: BackgroundRequest, senderUrl: string | undefined): boolean {
  if (request?.type === 'overrides-count') return true;
  if (request?.type !== 'issue-override-token' || !senderUrl) return false;
  try {
    return new URL(senderUrl).origin === request.origin;
  } catch {
    return false;
  }
}

/** Shows the tab's override count on the toolbar button (no badge for none). */
function showOverridesCount(api: WxtBrowser, tabId: number, count: number): Promise<unknown> {
  const text = count > 0 ? String(count) : '';
  return Promise.all([
    api.action.setBadgeText({ tabId, text }),
    api.action.setBadgeBackgroundColor({ tabId, color: '#b4232c' }),
  ]).catch(() => undefined);
}

/** Asks the API, with the staff credential, for an override token signed for one origin and anonymous id. */
function issueOverrideToken(origin: string, anonymousId: string, fetcher: typeof fetch) {
  return authItem
    .getValue()
    .then((auth) =>
      callApi<{ token: string; expiresAt: number }>(
        auth,
        '/flags/override-token',
        { method: 'POST', body: JSON.stringify({ origin, anonymousId, ttlMinutes: OVERRIDE_TOKEN_MINUTES }) },
        fetcher,
      ),
    );
}

/** Registers the content script for the granted CRM origins, answering which they are or why it failed. */
function syncCrmOrigins(api: WxtBrowser) {
  return syncContentScripts(api).then(
    (origins) => ({ ok: true, origins }),
    (error: unknown) => ({
      ok: false,
      error: `Could not register the content script: ${(error as Error).message}`,
    }),
  );
}

/**
 * Tells the content scripts that the credential changed (never what it is), so a page whose overrides waited for a
 * signed token asks again. Tabs without the content script just refuse the message.
 */
async function tellTabs<T>(api: WxtBrowser, answer: T): Promise<T> {
  const tabs = await api.tabs.query({}).catch(() => []);
  for (const tab of tabs)
    if (tab.id !== undefined)
      api.tabs.sendMessage(tab.id, { type: 'auth-changed' } satisfies ContentRequest).catch(() => undefined);
  return answer;
}
