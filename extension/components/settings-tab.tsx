import { useEffect, useState } from 'preact/hooks';
import { normalizeOrigin, originPattern } from '../lib/origin-pattern.ts';
import type { Answer, AuthStatus, BackgroundRequest } from '../lib/messages.ts';
import { SCREENSHOT_ORIGINS, canScreenshotFromPanel } from '../lib/screenshot-permission.ts';
import { crmOriginsItem } from '../lib/storage-items.ts';
import { onSubmit } from './on-submit.ts';
import type { TabProps } from './panel-tabs.ts';

/** The connection to the API: pair with a dashboard (no secret typed), or a staff token as a fallback; sign out. */
function Connection({ api }: TabProps) {
  const [status, setStatus] = useState<AuthStatus | undefined>();
  const [dashboard, setDashboard] = useState('');
  const [code, setCode] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const ask = <T,>(request: BackgroundRequest) => api.runtime.sendMessage(request) as Promise<T>;
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
    done(await ask<Answer<AuthStatus>>({ type: 'pair', dashboard, code }), 'Paired.');
  };
  return (
    <fieldset>
      <legend>Server</legend>
      <p data-testid="auth-status">
        {!status
          ? 'Checking…'
          : status.signedIn
            ? `Signed in to ${status.endpoint}${status.kind === 'paired' ? ' (paired)' : ' (staff token)'}${status.expiresAt ? ` until ${new Date(status.expiresAt).toLocaleString()}` : ''}.`
            : status.endpoint
              ? `Signed out of ${status.endpoint} (or the session expired).`
              : 'Not connected.'}
      </p>
      {status?.signedIn ? (
        <button
          type="button"
          data-testid="sign-out"
          onClick={() =>
            void ask<Answer<AuthStatus>>({ type: 'sign-out' }).then((answer) => done(answer, 'Signed out.'))
          }
        >
          Sign out
        </button>
      ) : null}
      <form class="stack" onSubmit={onSubmit(pair)}>
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
      <details>
        <summary>Use a staff token instead</summary>
        <form
          class="stack"
          onSubmit={onSubmit(() =>
            ask<Answer<AuthStatus>>({ type: 'set-staff-token', endpoint, token }).then((answer) =>
              done(answer, 'Staff token saved.'),
            ),
          )}
        >
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
      {message ? <p role="status">{message}</p> : null}
    </fieldset>
  );
}

/** The CRM sites the content script runs on: each asked for as an optional host permission, at run time. */
function CrmSites({ api, origin }: TabProps) {
  const [sites, setSites] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const [screenshots, setScreenshots] = useState(false);
  useEffect(() => {
    void crmOriginsItem.getValue().then(setSites);
    void canScreenshotFromPanel(api).then(setScreenshots);
    return crmOriginsItem.watch((next) => setSites(next ?? []));
  }, [api]);
  const sync = async (next: string[]) => {
    await crmOriginsItem.setValue(next);
    const answer = (await api.runtime.sendMessage({ type: 'sync-crm-origins' } satisfies BackgroundRequest)) as Answer<{
      origins: string[];
    }>;
    setMessage(answer.ok ? `Active on ${answer.origins.length} site(s). Reload open CRM tabs.` : answer.error);
  };
  const add = async (wanted: string) => {
    const site = normalizeOrigin(wanted);
    if (!site) return setMessage(`"${wanted}" is not a site address like https://crm.example.com.`);
    // permissions.request must run in the click itself (a user gesture), before anything else is awaited.
    const granted = await api.permissions.request({ origins: [originPattern(site)] }).catch((error: unknown) => {
      setMessage(String(error));
      return false;
    });
    if (!granted) return setMessage(`Access to ${site} was not granted.`);
    setText('');
    await sync([...new Set([...sites, site])]);
  };
  const remove = async (site: string) => {
    await sync(sites.filter((other) => other !== site));
    await api.permissions.remove({ origins: [originPattern(site)] }).catch(() => false);
  };
  return (
    <fieldset>
      <legend>CRM sites</legend>
      {sites.length ? (
        <ul class="sites" data-testid="crm-sites">
          {sites.map((site) => (
            <li key={site}>
              <code>{site}</code>{' '}
              <button type="button" class="link" onClick={() => void remove(site)}>
                remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No CRM site yet: the extension reads no page until you add one.</p>
      )}
      {origin && !sites.includes(origin) && /^https?:/.test(origin) ? (
        <button type="button" data-testid="add-this-site" onClick={() => void add(origin)}>
          Add {origin}
        </button>
      ) : null}
      <form class="row" onSubmit={onSubmit(() => add(text))}>
        <input
          aria-label="CRM site"
          data-testid="crm-site-input"
          placeholder="https://crm.example.com"
          value={text}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="crm-site-add">
          Add
        </button>
      </form>
      <label class="check">
        <input
          type="checkbox"
          data-testid="allow-screenshots"
          checked={screenshots}
          onChange={(event) => {
            const wanted = (event.target as HTMLInputElement).checked;
            const change = wanted
              ? api.permissions.request({ origins: SCREENSHOT_ORIGINS })
              : api.permissions.remove({ origins: SCREENSHOT_ORIGINS });
            void change.then(() => canScreenshotFromPanel(api)).then(setScreenshots, () => undefined);
          }}
        />
        Screenshots from the panel (Chrome lets an extension capture a tab only with access to all sites, or after a
        click on its toolbar button)
      </label>
      {message ? <p role="status">{message}</p> : null}
    </fieldset>
  );
}

/** Settings: the server connection and the CRM sites. */
export function SettingsTab(props: TabProps) {
  return (
    <section class="settings">
      <Connection {...props} />
      <CrmSites {...props} />
    </section>
  );
}
