import type { WxtBrowser } from 'wxt/browser';
import type { BugReportRequest, ScreenshotAnswer, SubmitAnswer } from './bug-report-messages.ts';
import { settingsItem, staffTokenItem } from './storage-items.ts';

/**
 * The background's part of "Report a bug": it screenshots the inspected tab (bringing it to the front first,
 * since captureVisibleTab takes whatever tab is active in that window) and files the report with the staff token,
 * which only the background may read. Returns undefined for other messages so other listeners answer them.
 */
export function handleBugReportRequest(request: BugReportRequest, sender: { id?: string }, api: WxtBrowser, fetcher: typeof fetch): Promise<unknown> | undefined {
  if (sender.id !== api.runtime.id) return undefined;
  if (request?.type === 'capture-screenshot') return captureTab(api, request.tabId);
  if (request?.type === 'submit-bug-report') return submitReport(request.report, fetcher);
  return undefined;
}

async function captureTab(api: WxtBrowser, tabId: number): Promise<ScreenshotAnswer> {
  try {
    const tab = await api.tabs.get(tabId);
    if (!tab.active) await api.tabs.update(tabId, { active: true });
    const dataUrl = await api.tabs.captureVisibleTab(tab.windowId!, { format: 'png' });
    return { ok: true, dataUrl };
  } catch (error) {
    const message = (error as Error).message;
    // Chrome grants the capture (activeTab) when the toolbar button is clicked on the tab, until it navigates.
    const hint = /activeTab|all_urls/.test(message) ? ' Click the crm-insights toolbar button while on the CRM tab, then take the screenshot again.' : '';
    return { ok: false, error: `Could not capture the tab: ${message}.${hint}` };
  }
}

async function submitReport(report: unknown, fetcher: typeof fetch): Promise<SubmitAnswer> {
  const [token, settings] = await Promise.all([staffTokenItem.getValue(), settingsItem.getValue()]);
  if (!settings.endpoint) return { ok: false, error: 'Set the API endpoint in Settings first.' };
  if (!token) return { ok: false, error: 'Set your staff token in Settings first.' };
  try {
    const response = await fetcher(`${settings.endpoint.replace(/\/+$/, '')}/bug-reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(report),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: unknown; category?: unknown; error?: unknown };
    if (!response.ok || typeof body.id !== 'string') return { ok: false, error: `The API refused the report: ${String(body.error ?? `HTTP ${response.status}`)}` };
    return { ok: true, id: body.id, category: String(body.category ?? '') };
  } catch (error) {
    return { ok: false, error: `Could not reach the API: ${(error as Error).message}` };
  }
}
