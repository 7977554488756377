import type { HealthScore } from '../../../server/src/metrics/health-score.ts';
import type { Incident } from '../../../server/src/alerts/alert-repository.ts';
import { formatTime } from '../components/format.ts';
import { TableHead } from '../components/table-head.tsx';

export type { HealthScore, Incident };

/** The health score (0–100) with the reasons it is not 100 and, when `detail`, each term of the formula. */
export function HealthFigures({ health, detail = false }: { health: HealthScore; detail?: boolean }) {
  const tone = health.score >= 90 ? 'good' : health.score >= 70 ? 'needs-improvement' : 'poor';
  return (
    <>
      <p class="big-number">
        <span class={`rating ${tone}`} data-figure="health-score">
          {health.score}
        </span>{' '}
        / 100
      </p>
      {health.reasons.length ? (
        <ul class="plain">
          {health.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nothing is costing points right now.</p>
      )}
      {detail ? (
        <table class="data">
          <caption class="sr-only">Health score terms</caption>
          <TableHead columns={['Term', 'Now', 'Costs from', 'Costs all at', 'Weight', 'Deducted']} />
          <tbody>
            {health.components.map((term) => (
              <tr key={term.name}>
                <td>{term.name}</td>
                <td>
                  {term.value} {term.unit}
                </td>
                <td>{term.good}</td>
                <td>{term.bad}</td>
                <td>{term.weight}</td>
                <td>{term.deduction}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** Alert incidents, newest first: what fired, since when, its value, and the dashboard page it points at. */
export function IncidentList({ incidents }: { incidents: Incident[] }) {
  return (
    <ul class="plain">
      {incidents.map((incident) => (
        <li key={incident.id} data-incident={incident.id}>
          <strong>{incident.status === 'open' ? 'firing' : 'resolved'}</strong> {incident.summary}{' '}
          <span class="muted">
            {incident.ruleId} · since {formatTime(incident.openedAt)}
            {incident.resolvedAt ? ` · resolved ${formatTime(incident.resolvedAt)}` : ''}
          </span>{' '}
          {incident.page ? <a href={`/dashboard/${incidentPage(incident.page)}`}>open</a> : null}
        </li>
      ))}
    </ul>
  );
}

/** The dashboard page an incident points at; vitals alerts name `vitals?metric=…`, which the Performance page shows. */
function incidentPage(page: string): string {
  return page.replace(/^\/+/, '').replace(/^vitals\b/, 'performance');
}
