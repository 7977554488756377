import { useEffect, useState } from 'preact/hooks';
import type { Answer, BackgroundRequest, Incident } from '../lib/messages.ts';
import type { TabProps } from './panel-tabs.ts';

/** Open incidents for this page's origin (from the alerting API), and the experiments this page is in. */
export function PageTab({ api, origin, view }: TabProps) {
  const [incidents, setIncidents] = useState<Answer<{ incidents: Incident[] }> | undefined>();
  const load = () => {
    if (!origin) return;
    const request: BackgroundRequest = { type: 'incidents', origin };
    void (api.runtime.sendMessage(request) as Promise<Answer<{ incidents: Incident[] }>>).then(
      setIncidents,
      (error: unknown) => setIncidents({ ok: false, error: String(error) }),
    );
  };
  useEffect(load, [api, origin]);
  const rows = view?.found ? (view.page.flags?.flags ?? []).filter((flag) => flag.experiment) : [];
  return (
    <section class="page">
      <h2>
        Open incidents for {origin ?? 'this page'}{' '}
        {origin ? (
          <button type="button" class="link" onClick={load}>
            refresh
          </button>
        ) : null}
      </h2>
      {!origin ? (
        <p class="notice">This tab's address cannot be read: add its site under Settings → CRM sites.</p>
      ) : !incidents ? (
        <p aria-busy="true">Asking the API…</p>
      ) : !incidents.ok ? (
        <p class="notice" data-testid="incidents-error">
          {incidents.error}
        </p>
      ) : incidents.incidents.length ? (
        <ul class="cards" data-testid="incidents">
          {incidents.incidents.map((incident) => (
            <li key={incident.id} class="card" data-testid="incident">
              <div class="card-head">
                <a class="key" href={incident.link} target="_blank" rel="noreferrer">
                  {incident.rule}
                </a>
                <span class="badge">{incident.wholeService ? 'whole service' : 'this site'}</span>
              </div>
              <p class="why">{incident.summary}</p>
              <p class="why">open since {new Date(incident.openedAt).toLocaleString()}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted" data-testid="incidents-none">
          No open incidents.
        </p>
      )}
      <h2>Experiments this page is in</h2>
      {rows.length ? (
        <ul class="cards" data-testid="page-experiments">
          {rows.map((flag) => (
            <li key={flag.key} class="card">
              <div class="card-head">
                <strong class="key">{flag.experiment!.key}</strong>
                <code>{flag.experiment!.variationKey}</code>
                {flag.forced ? <span class="badge">forced</span> : null}
              </div>
              <p class="why">via flag {flag.key}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">
          {view?.found && view.page.flags
            ? 'None: no experiment assigned this user a variation here.'
            : 'No flags reported by this page.'}
        </p>
      )}
    </section>
  );
}
