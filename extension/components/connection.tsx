import type { AuthStatus } from '../lib/messages.ts';
import { onSubmit } from './on-submit.ts';
import type { TabProps } from './panel-tabs.ts';
import { useConnection } from './use-connection.ts';
import type { ConnectionData } from './use-connection.ts';

/** The auth status in one sentence: checking, signed in (how, until when), signed out, or never connected. */
function authStatusText(status: AuthStatus | undefined): string {
  if (!status) return 'Checking…';
  if (status.signedIn) {
    const how = status.kind === 'paired' ? ' (paired)' : ' (staff token)';
    const until = status.expiresAt ? ` until ${new Date(status.expiresAt).toLocaleString()}` : '';
    return `Signed in to ${status.endpoint}${how}${until}.`;
  }
  return status.endpoint ? `Signed out of ${status.endpoint} (or the session expired).` : 'Not connected.';
}

/** Pairing: the dashboard's address and the code it shows, so no secret is typed. */
function PairForm({ connection }: { connection: ConnectionData }) {
  const { dashboard, setDashboard, code, setCode } = connection.fields;
  return (
    <form class="stack" onSubmit={onSubmit(connection.pair)}>
      <strong>Pair with a dashboard</strong>
      <span class="muted">
        In the dashboard, open "Connect the extension", then enter its address and the code it shows.
      </span>
      <input
        type="url"
        aria-label="Dashboard address"
        data-testid="pair-dashboard"
        placeholder="https://insights.example.com/dashboard/"
        value={dashboard}
        onInput={(event) => setDashboard((event.target as HTMLInputElement).value)}
      />
      <input
        aria-label="Pairing code"
        data-testid="pair-code"
        placeholder="8-character code"
        autocomplete="off"
        maxLength={8}
        value={code}
        onInput={(event) => setCode((event.target as HTMLInputElement).value)}
      />
      <button type="submit" data-testid="pair-submit" disabled={!dashboard.trim() || !code.trim()}>
        Pair
      </button>
    </form>
  );
}

/** The fallback, folded away: an API endpoint and a staff token. */
function StaffTokenForm({ connection }: { connection: ConnectionData }) {
  const { endpoint, setEndpoint, token, setToken } = connection.fields;
  return (
    <details>
      <summary>Use a staff token instead</summary>
      <form class="stack" onSubmit={onSubmit(connection.saveToken)}>
        <input
          type="url"
          aria-label="API endpoint"
          data-testid="settings-endpoint"
          placeholder="https://insights.example.com/api"
          value={endpoint}
          onInput={(event) => setEndpoint((event.target as HTMLInputElement).value)}
        />
        <input
          type="password"
          aria-label="Staff token"
          autocomplete="off"
          value={token}
          onInput={(event) => setToken((event.target as HTMLInputElement).value)}
        />
        <button type="submit">Save staff token</button>
      </form>
    </details>
  );
}

/** The connection to the API: pair with a dashboard (no secret typed), or a staff token as a fallback; sign out. */
export function Connection({ api }: TabProps) {
  const connection = useConnection(api);
  const { status, message } = connection;
  return (
    <fieldset>
      <legend>Server</legend>
      <p data-testid="auth-status">{authStatusText(status)}</p>
      {status?.signedIn ? (
        <button type="button" data-testid="sign-out" onClick={connection.signOut}>
          Sign out
        </button>
      ) : null}
      <PairForm connection={connection} />
      <StaffTokenForm connection={connection} />
      {message ? <p role="status">{message}</p> : null}
    </fieldset>
  );
}
