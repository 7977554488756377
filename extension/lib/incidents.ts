import { callApi } from './api-client.ts';
import type { Answer, Incident } from './messages.ts';
import { authItem } from './storage-items.ts';

/** The fields an incident may carry, read defensively: the alerting API is another branch's and may grow. */
interface RawIncident {
  id?: unknown;
  title?: unknown;
  rule?: unknown;
  name?: unknown;
  severity?: unknown;
  openedAt?: unknown;
  origin?: unknown;
  status?: unknown;
}

/** Open incidents for one origin from `GET /api/alerts/incidents?status=open&origin=…`; the API's error as it gave it. */
export async function openIncidents(
  origin: string,
  fetcher: typeof fetch = fetch,
): Promise<Answer<{ incidents: Incident[] }>> {
  const query = new URLSearchParams({ status: 'open', origin });
  const answer = await callApi<{ incidents?: RawIncident[] }>(
    await authItem.getValue(),
    `/alerts/incidents?${query}`,
    {},
    fetcher,
  );
  if (!answer.ok) return answer;
  const incidents = (Array.isArray(answer.incidents) ? answer.incidents : [])
    .filter(
      (raw) =>
        (raw.status === undefined || raw.status === 'open') &&
        (typeof raw.origin !== 'string' || raw.origin === origin),
    )
    .map((raw) => ({
      id: String(raw.id ?? ''),
      title: String(raw.title ?? raw.name ?? raw.rule ?? 'incident'),
      ...(typeof raw.severity === 'string' ? { severity: raw.severity } : {}),
      ...(typeof raw.openedAt === 'number' ? { openedAt: raw.openedAt } : {}),
    }));
  return { ok: true, incidents };
}
