import type { Answer, Incident } from '../lib/messages.ts';
import type { TabProps } from './panel-tabs.ts';
import type { PageView } from './use-page.ts';
import { useIncidents } from './use-incidents.ts';

/** The incidents, or why there are none to show: no readable address, still asking, or the API's error. */
function IncidentList({
  origin,
  incidents,
}: {
  origin: string | undefined;
  incidents: Answer<{ incidents: Incident[] }> | undefined;
}) {
  if (!origin) return <p class="notice">This tab's address cannot be read: add its site under Settings → CRM sites.</p>;
  if (!incidents) return <p aria-busy="true">Asking the API…</p>;
  if (!incidents.ok)
    return (
      <p class="notice" data-testid="incidents-error">
        {incidents.error}
      </p>
    );
  if (!incidents.incidents.length)
    return (
      <p class="muted" data-testid="incidents-none">
        No open incidents.
      </p>
    );
  return (
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
  );
}

/** The experiments that assigned this user a variation on the page, from its flags. */
function PageExperiments({ view }: { view: PageView }) {
  const rows = view?.found ? (view.page.flags?.flags ?? []).filter((flag) => flag.experiment) : [];
  if (!rows.length)
    return (
      <p class="muted">
        {view?.found && view.page.flags
          ? 'None: no experiment assigned this user a variation here.'
          : 'No flags reported by this page.'}
      </p>
    );
  return (
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
  );
}

/** Open incidents for this page's origin (from the alerting API), and the experiments this page is in. */
export function PageTab({ api, origin, view }: TabProps) {
  const { incidents, load } = useIncidents(api, origin);
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
      <IncidentList origin={origin} incidents={incidents} />
      <h2>Experiments this page is in</h2>
      <PageExperiments view={view} />
    </section>
  );
}
