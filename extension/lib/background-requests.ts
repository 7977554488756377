import type { WxtBrowser } from 'wxt/browser';
import { captureTab, myReports, submitReport } from './bug-report-background.ts';
import { syncContentScripts } from './crm-origins.ts';
import { openIncidents } from './incidents.ts';
import { contentScriptMayAsk, senderOrigin } from './content-script-policy.ts';
import type { BackgroundRequest } from './messages.ts';
import { createOverrideTokenRequests } from './override-token-requests.ts';
import { overridesForOrigin } from './page-overrides.ts';
import { authStatus, pairWithDashboard, setStaffToken, signOut } from './staff-auth.ts';
import { tellTabs } from './tell-tabs.ts';

/** Override tokens, limited per tab and origin: one budget for the life of this service worker. */
const overrideTokens = createOverrideTokenRequests();

/**
 * What the background service worker does for panels and content scripts: it reads extension storage for content
 * scripts (their page's overrides) and alone reads the staff credential (to sign in, file reports, get override
 * tokens and read incidents), screenshots tabs, registers the content script and sets the toolbar badge. Returns
 * undefined for messages that are not for it, so others answer them.
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
      return pairWithDashboard(request.dashboard, request.code, fetcher).then((answer) =>
        tellCredentialChanged(api, answer),
      );
    case 'set-staff-token':
      return setStaffToken(request.endpoint, request.token).then((answer) => tellCredentialChanged(api, answer));
    case 'sign-out':
      return signOut(fetcher).then((answer) => tellCredentialChanged(api, answer));
    case 'auth-status':
      return authStatus();
    case 'page-overrides':
      return overridesForOrigin(senderOrigin(sender.url));
    case 'issue-override-token':
      return overrideTokens.issue({ tabId: sender.tab?.id, origin: request.origin }, request.anonymousId, fetcher);
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

/** Shows the tab's override count on the toolbar button (no badge for none). */
function showOverridesCount(api: WxtBrowser, tabId: number, count: number): Promise<unknown> {
  const text = count > 0 ? String(count) : '';
  return Promise.all([
    api.action.setBadgeText({ tabId, text }),
    api.action.setBadgeBackgroundColor({ tabId, color: '#b4232c' }),
  ]).catch(() => undefined);
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
 * signed token asks again.
 */
async function tellCredentialChanged<T>(api: WxtBrowser, answer: T): Promise<T> {
  await tellTabs(api, { type: 'auth-changed' });
  return answer;
}
