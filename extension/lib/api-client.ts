import type { Answer } from './messages.ts';
import type { StaffAuth } from './storage-items.ts';

/** The API base for an endpoint as staff or pairing give it: `https://host` and `https://host/api` both work. */
export function apiBase(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  return /\/api$/.test(trimmed) ? trimmed : `${trimmed}/api`;
}

/** A page of the dashboard the API at `endpoint` serves: `dashboardUrl('https://host/api', 'feedback')` → `https://host/dashboard/feedback`. */
export function dashboardUrl(endpoint: string, path: string): string {
  return `${apiBase(endpoint).replace(/\/api$/, '')}/dashboard/${path}`;
}

/**
 * Calls the API as the signed-in staff member and reads its JSON answer. Every failure becomes a sentence saying
 * what went wrong (not signed in, expired, the API's own error message, unreachable), never a thrown error.
 */
export async function callApi<T extends object>(
  auth: StaffAuth | null,
  path: string,
  init: RequestInit = {},
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<Answer<T>> {
  if (!auth?.token) return { ok: false, error: 'Not signed in: pair with a dashboard in Settings.' };
  if (auth.expiresAt !== undefined && auth.expiresAt <= now)
    return { ok: false, error: 'The dashboard session has expired: pair again in Settings.' };
  try {
    const response = await fetcher(`${apiBase(auth.endpoint)}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${auth.token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
    const body = (await response.json().catch(() => ({}))) as T & { error?: unknown };
    if (!response.ok)
      return {
        ok: false,
        error: `The API answered ${response.status}: ${String(body.error ?? response.statusText ?? 'no message')}`,
      };
    return { ok: true, ...body };
  } catch (error) {
    return { ok: false, error: `Could not reach the API at ${apiBase(auth.endpoint)}: ${(error as Error).message}` };
  }
}
