import type { WxtBrowser } from 'wxt/browser';
import { callApi } from './api-client.ts';
import type { Answer, MyReport } from './messages.ts';
import { reportLink, reportStatus } from './report-status.ts';
import type { Delivery } from './report-status.ts';
import { authItem, myReportsItem } from './storage-items.ts';

/** Reports "My reports" lists (and asks the API about). */
export const MY_REPORTS_SHOWN = 20;

/**
 * Screenshots the inspected tab. captureVisibleTab takes whatever tab is active in that window, so the tab is
 * brought to the front first. Chrome allows it with the `<all_urls>` host permission (granted once in Settings,
 * then no toolbar click is needed) or with `activeTab` after a toolbar click on that tab.
 */
export async function captureTab(api: WxtBrowser, tabId: number): Promise<Answer<{ dataUrl: string }>> {
  try {
    const tab = await api.tabs.get(tabId);
    if (!tab.active) await api.tabs.update(tabId, { active: true });
    const dataUrl = await api.tabs.captureVisibleTab(tab.windowId!, { format: 'png' });
    return { ok: true, dataUrl };
  } catch (error) {
    const message = (error as Error).message;
    const hint = /activeTab|all_urls/.test(message)
      ? ' Allow screenshots in Settings ("Screenshots from the panel"), or click the crm-insights toolbar button on this tab first.'
      : '';
    return { ok: false, error: `Could not capture the tab: ${message}.${hint}` };
  }
}

/** Files a report with the staff credential and remembers it under "My reports". */
export async function submitReport(
  report: unknown,
  description: string,
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<Answer<{ id: string; category: string; link: string }>> {
  const auth = await authItem.getValue();
  const answer = await callApi<{ id: string; category?: string }>(
    auth,
    '/bug-reports',
    { method: 'POST', body: JSON.stringify(report) },
    fetcher,
  );
  if (!answer.ok) return answer;
  const mine = await myReportsItem.getValue();
  await myReportsItem.setValue(
    [
      { id: answer.id, filedAt: now, description: description.slice(0, 200) },
      ...mine.filter((entry) => entry.id !== answer.id),
    ].slice(0, 100),
  );
  return {
    ok: true,
    id: answer.id,
    category: String(answer.category ?? ''),
    link: reportLink(auth!.endpoint, answer.id),
  };
}

/** The reports filed from this browser, newest first, each with its status from the API. */
export async function myReports(fetcher: typeof fetch = fetch): Promise<Answer<{ reports: MyReport[] }>> {
  const auth = await authItem.getValue();
  if (!auth) return { ok: false, error: 'Not signed in: pair with a dashboard in Settings.' };
  const mine = (await myReportsItem.getValue()).slice(0, MY_REPORTS_SHOWN);
  const reports = await Promise.all(
    mine.map(async (entry): Promise<MyReport> => {
      const answer = await callApi<{ report: { category?: string; webhook?: string }; deliveries: Delivery[] }>(
        auth,
        `/bug-reports/${encodeURIComponent(entry.id)}`,
        {},
        fetcher,
      );
      const link = reportLink(auth.endpoint, entry.id);
      if (!answer.ok) return { ...entry, status: 'unknown', detail: answer.error, link };
      return { ...entry, ...reportStatus(answer.report, answer.deliveries ?? []), link };
    }),
  );
  return { ok: true, reports };
}
