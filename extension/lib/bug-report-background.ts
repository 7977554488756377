import type { WxtBrowser } from 'wxt/browser';
import { callApi } from './api-client.ts';
import type { Answer, MyReport } from './messages.ts';
import { myReport, reportLink } from './report-status.ts';
import type { ListedReport } from './report-status.ts';
import { authItem, reporterIdItem } from './storage-items.ts';

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

/** This install's reporter id, made on first use. */
export async function reporterId(makeId: () => string = () => crypto.randomUUID()): Promise<string> {
  const known = await reporterIdItem.getValue();
  if (known) return known;
  const id = makeId();
  await reporterIdItem.setValue(id);
  return id;
}

/** Files a report with the staff credential, under this install's reporter id. */
export async function submitReport(
  report: unknown,
  fetcher: typeof fetch = fetch,
): Promise<Answer<{ id: string; category: string; link: string }>> {
  const auth = await authItem.getValue();
  const body = { ...(report as object), reporterId: await reporterId() };
  const answer = await callApi<{ id: string; category?: string }>(
    auth,
    '/bug-reports',
    { method: 'POST', body: JSON.stringify(body) },
    fetcher,
  );
  if (!answer.ok) return answer;
  return {
    ok: true,
    id: answer.id,
    category: String(answer.category ?? ''),
    link: reportLink(auth!.endpoint, answer.id),
  };
}

/** The reports this install filed, newest first, each with its triage status from the API. */
export async function myReports(fetcher: typeof fetch = fetch): Promise<Answer<{ reports: MyReport[] }>> {
  const auth = await authItem.getValue();
  const query = new URLSearchParams({ reporter: await reporterId(), limit: String(MY_REPORTS_SHOWN) });
  const answer = await callApi<{ reports: ListedReport[] }>(auth, `/bug-reports?${query}`, {}, fetcher);
  if (!answer.ok) return answer;
  return { ok: true, reports: answer.reports.map((report) => myReport(report, auth!.endpoint)) };
}
