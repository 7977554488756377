import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, callApi } from './api.ts';

/** Who is signed in: staff may change things, a reader only looks. */
export type SessionRole = 'staff' | 'reader';

/** The session as the dashboard sees it. */
export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; message?: string }
  | { status: 'signed-in'; role: SessionRole; expiresAt: number };

/**
 * The sign-in state, asked of `GET /api/session` (the cookie is HttpOnly, so the page never sees the token),
 * with sign-in and sign-out. The key typed in goes to the API once and is kept nowhere.
 */
export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  useEffect(() => {
    callApi<{ signedIn: boolean; role?: SessionRole; expiresAt?: number }>('GET', '/api/session').then(
      (session) =>
        setState(
          session.signedIn && session.role
            ? { status: 'signed-in', role: session.role, expiresAt: session.expiresAt ?? 0 }
            : { status: 'signed-out' },
        ),
      (error: unknown) =>
        setState({
          status: 'signed-out',
          ...(error instanceof ApiError && error.status !== 401 ? { message: error.message } : {}),
        }),
    );
  }, []);
  const signIn = useCallback(async (key: string) => {
    const session = await callApi<{ role: SessionRole; expiresAt: number }>('POST', '/api/session', { key });
    setState({ status: 'signed-in', ...session });
  }, []);
  const signOut = useCallback(async () => {
    await callApi('DELETE', '/api/session').catch(() => undefined);
    setState({ status: 'signed-out', message: 'Signed out.' });
  }, []);
  return { state, signIn, signOut };
}
