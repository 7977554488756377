import type { WxtBrowser } from 'wxt/browser';
import { callApi } from './api-client.ts';
import { captureTab, myReports, submitReport } from './bug-report-background.ts';
import { syncContentScripts } from './crm-origins.ts';
import { openIncidents } from './incidents.ts';
import type { BackgroundRequest } from './messages.ts';
import { authStatus, pairWithDashboard, setStaffToken, signOut } from './staff-auth.ts';
import { authItem } from './storage-items.ts';

/** Override tokens live an hour at most (the API's cap): short, since the page can see them. */
const OVERRIDE_TOKEN_MINUTES = 60;

/**
 * What the background service worker does for panels and content scripts: it alone reads the staff credential
 * (to sign in, file reports, get override tokens and read incidents), screenshots tabs, registers the content
 * script and sets the toolbar badge. Returns undefined for messages that are not for it, so others answer them.
 */
export function handleBackgroundRequest(request: BackgroundRequest, sender: { id?: string; tab?: { id?: number } }, api: WxtBrowser, fetcher: typeof fetch): Promise<unknown> | undefined {
  // Only our own pages and content scripts talk to us; the runtime already drops other extensions' messages.
  if (sender.id !== api.runtime.id) return undefined;
  switch (request?.type) {
    case 'overrides-count': {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return undefined;
      const text = request.count > 0 ? String(request.count) : '';
      return Promise.all([api.action.setBadgeText({ tabId, text }), api.action.setBadgeBackgroundColor({ tabId, color: '#b4232c' })]).catch(() => undefined);
    }
    case 'pair':
      return pairWithDashboard(request.dashboard, request.code, fetcher);
    case 'set-staff-token':
      return setStaffToken(request.endpoint, request.token);
    case 'sign-out':
      return signOut(fetcher);
    case 'auth-status':
      return authStatus();
    case 'issue-override-token':
      return authItem.getValue().then((auth) =>
        callApi<{ token: string; expiresAt: number }>(auth, '/flags/override-token', { method: 'POST', body: JSON.stringify({ origin: request.origin, anonymousId: request.anonymousId, ttlMinutes: OVERRIDE_TOKEN_MINUTES }) }, fetcher),
      );
    case 'capture-screenshot':
      return captureTab(api, request.tabId);
    case 'submit-bug-report':
      return submitReport(request.report, request.description, fetcher);
    case 'my-reports':
      return myReports(fetcher);
    case 'incidents':
      return openIncidents(request.origin, fetcher);
    case 'sync-crm-origins':
      return syncContentScripts(api).then((origins) => ({ ok: true, origins }), (error: unknown) => ({ ok: false, error: `Could not register the content script: ${(error as Error).message}` }));
    default:
      return undefined;
  }
}
