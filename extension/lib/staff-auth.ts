import { apiBase, callApi } from './api-client.ts';
import type { Answer, AuthStatus } from './messages.ts';
import { authItem } from './storage-items.ts';

/** What `POST /api/extension/pair` answers (contract 3). */
interface PairAnswer {
  endpoint: string;
  token: string;
  role: string;
  expiresAt: number;
}

/**
 * Pairs with a dashboard: trades the one-time code the dashboard shows for a staff session of limited lifetime,
 * stored for the background alone. `dashboard` is the dashboard's address (any URL on the API's origin).
 */
export async function pairWithDashboard(
  dashboard: string,
  code: string,
  fetcher: typeof fetch = fetch,
): Promise<Answer<AuthStatus>> {
  let origin: string;
  try {
    origin = new URL(dashboard.trim()).origin;
  } catch {
    return { ok: false, error: 'The dashboard address must be a URL such as https://insights.example.com/dashboard/.' };
  }
  if (!/^[A-Za-z0-9]{8}$/.test(code.trim()))
    return {
      ok: false,
      error: 'The pairing code is the 8 letters and digits the dashboard shows under "Connect the extension".',
    };
  try {
    const response = await fetcher(`${origin}/api/extension/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<PairAnswer> & { error?: unknown };
    if (!response.ok)
      return {
        ok: false,
        error: `The dashboard refused the code (${response.status}): ${String(body.error ?? 'no message')}`,
      };
    if (typeof body.token !== 'string' || typeof body.expiresAt !== 'number')
      return { ok: false, error: 'The dashboard answered without a session token.' };
    const endpoint = apiBase(typeof body.endpoint === 'string' ? body.endpoint : origin);
    await authItem.setValue({ endpoint, token: body.token, kind: 'paired', expiresAt: body.expiresAt });
    return { ok: true, endpoint, signedIn: true, kind: 'paired', expiresAt: body.expiresAt };
  } catch (error) {
    return { ok: false, error: `Could not reach ${origin}: ${(error as Error).message}` };
  }
}

/** Stores a staff token typed in by hand (the fallback for servers without pairing). */
export async function setStaffToken(endpoint: string, token: string): Promise<Answer<AuthStatus>> {
  if (!/^https?:\/\/\S+$/.test(endpoint.trim()))
    return { ok: false, error: 'The API endpoint must be an http(s) URL such as https://insights.example.com/api.' };
  if (!token.trim()) return { ok: false, error: 'Paste the staff token.' };
  await authItem.setValue({ endpoint: apiBase(endpoint), token: token.trim(), kind: 'token' });
  return { ok: true, ...(await authStatus()) };
}

/** Signs out: ends a paired session on the server (best effort) and forgets the credential here. */
export async function signOut(fetcher: typeof fetch = fetch): Promise<Answer<AuthStatus>> {
  const auth = await authItem.getValue();
  if (auth?.kind === 'paired') await callApi(auth, '/session', { method: 'DELETE' }, fetcher);
  await authItem.setValue(null);
  return { ok: true, endpoint: auth?.endpoint ?? '', signedIn: false };
}

/** Who the extension is signed in as, without the secret. */
export async function authStatus(now = Date.now()): Promise<AuthStatus> {
  const auth = await authItem.getValue();
  if (!auth) return { endpoint: '', signedIn: false };
  const live = auth.expiresAt === undefined || auth.expiresAt > now;
  return {
    endpoint: auth.endpoint,
    signedIn: live,
    kind: auth.kind,
    ...(auth.expiresAt !== undefined ? { expiresAt: auth.expiresAt } : {}),
  };
}
