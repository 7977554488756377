import { callApi, dashboardUrl } from './api-client.ts';
import type { Answer, Incident } from './messages.ts';
import { authItem } from './storage-items.ts';

/** An incident as `GET /api/alerts/incidents` lists it (the fields the panel shows). */
interface ListedIncident {
  id: string;
  ruleId: string;
  summary: string;
  openedAt: number;
  /** Dashboard page, relative to `/dashboard/`. */
  page: string;
  /** The sites it concerns; empty for the whole service. */
  origins?: string[];
}

/**
 * Open incidents for one origin from `GET /api/alerts/incidents?status=open&origin=…`: those seen on this site
 * and those of the whole service, each with a link to its dashboard page; the API's error as it gave it.
 */
export async function openIncidents(
  origin: string,
  fetcher: typeof fetch = fetch,
): Promise<Answer<{ incidents: Incident[] }>> {
  const auth = await authItem.getValue();
  const query = new URLSearchParams({ status: 'open', origin, limit: '50' });
  const answer = await callApi<{ incidents: ListedIncident[] }>(auth, `/alerts/incidents?${query}`, {}, fetcher);
  if (!answer.ok) return answer;
  return {
    ok: true,
    incidents: answer.incidents.map((incident) => ({
      id: incident.id,
      rule: incident.ruleId,
      summary: incident.summary,
      openedAt: incident.openedAt,
      wholeService: !incident.origins?.length,
      link: dashboardUrl(auth!.endpoint, incident.page),
    })),
  };
}
