import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { Answer, AuthStatus, BackgroundRequest } from '../lib/messages.ts';
import { normalizeOrigin, originPattern } from '../lib/origin-pattern.ts';

/** The connection's data: the auth status the background reports, the fields typed, and pair, sign out, save token. */
export function useConnection(api: WxtBrowser) {
  const [status, setStatus] = useState<AuthStatus | undefined>();
  const [dashboard, setDashboard] = useState('');
  const [code, setCode] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const ask = (request: BackgroundRequest) => api.runtime.sendMessage(request) as Promise<Answer<AuthStatus>>;
  useEffect(() => {
    void (api.runtime.sendMessage({ type: 'auth-status' } satisfies BackgroundRequest) as Promise<AuthStatus>).then(
      setStatus,
    );
  }, [api]);
  const done = (answer: Answer<AuthStatus>, success: string) => {
    if (!answer.ok) return setMessage(answer.error);
    setStatus(answer);
    setMessage(success);
    setCode('');
    setToken('');
  };
  const pair = async () => {
    // Asked inside the click: the API's origin must be granted for the calls the background makes to it.
    const origin = normalizeOrigin(dashboard);
    if (origin) await api.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
    done(await ask({ type: 'pair', dashboard, code }), 'Paired.');
  };
  const signOut = () => void ask({ type: 'sign-out' }).then((answer) => done(answer, 'Signed out.'));
  const saveToken = () =>
    ask({ type: 'set-staff-token', endpoint, token }).then((answer) => done(answer, 'Staff token saved.'));
  const fields = { dashboard, setDashboard, code, setCode, endpoint, setEndpoint, token, setToken };
  return { status, message, fields, pair, signOut, saveToken };
}

/** The connection's data and actions, as `useConnection` returns them. */
export type ConnectionData = ReturnType<typeof useConnection>;
