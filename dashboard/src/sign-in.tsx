import { useState } from 'preact/hooks';
import { ApiError } from './api.ts';

/**
 * The sign-in form: the read key (look only) or a staff token (look and change). A password field, sent once to
 * `POST /api/session`; a refusal shows the API's message.
 */
export function SignIn({ onSignIn, notice }: { onSignIn: (key: string) => Promise<void>; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(key.trim());
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>crm-insights</h1>
      <p>Sign in with the read key to look around, or with a staff token to also change flags, errors and requests.</p>
      {notice ? <p role="status">{notice}</p> : null}
      <form onSubmit={submit}>
        <label for="key">Read key or staff token</label>
        <input
          id="key"
          type="password"
          autocomplete="current-password"
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <button type="submit" class="primary" disabled={busy || !key.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error ? (
          <p id="sign-in-error" class="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      <p class="muted">
        The key is exchanged for a session cookie the page cannot read; it is not stored in the browser.
      </p>
    </main>
  );
}
