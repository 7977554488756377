import { JsonBlock } from '../components/json-block.tsx';
import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { follow } from '../app.tsx';
import { formatCount, formatTime } from '../components/format.ts';
import { NpsFigures } from '../components/nps-figures.tsx';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { Panel } from '../components/panel.tsx';
import { VitalsTable } from '../components/vitals-table.tsx';
import type { VitalSummary } from '../components/vitals-table.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { pageHref } from '../use-location.ts';
import type { ErrorGroupRow } from './error-group-types.ts';

/**
 * The overview: traffic and health rollups (from `GET /api/analytics/overview` and the alerting routes, once the
 * server has them), vitals p75, NPS, open error groups and the running experiments.
 */
export function OverviewPage({ range }: PageProps) {
  const span = { since: range.since, until: range.until };
  const overview = useApi<Record<string, unknown>>('/analytics/overview', span);
  const alerts = useApi<{ alerts: { id: string; title?: string; severity?: string }[] }>('/alerts', { status: 'open' });
  const vitals = useApi<{ vitals: VitalSummary[] }>('/analytics/vitals', span);
  const nps = useApi<NpsAnswer>('/feedback/nps', span);
  const errors = useApi<{ groups: ErrorGroupRow[] }>('/errors/groups', { ...span, status: 'open' });
  const flags = useApi<FlagsConfig>('/flags/config');
  return (
    <div class="grid">
      <Panel title="Events, users and error rate" state={overview} wide>
        {(data) => <JsonBlock value={data} label="Answer as JSON" />}
      </Panel>
      <Panel title="NPS" state={nps} isEmpty={(data) => data.responses === 0} empty="No NPS answers in this range: turn on the NPS survey in the widget, then answer it on a CRM page.">
        {(data) => <NpsFigures nps={data} span={span} />}
      </Panel>
      <Panel title="Open error groups" state={errors} isEmpty={(data) => data.groups.length === 0} empty="No open errors in this range. Errors appear here once the widget reports one.">
        {(data) => (
          <>
            <p class="big-number">
              <strong>{data.groups.length}</strong> open, <strong>{data.groups.filter((group) => group.regressed).length}</strong> regressed
            </p>
            <ul class="plain">
              {data.groups.slice(0, 5).map((group) => (
                <li key={group.fingerprint}>
                  <a href={pageHref(`errors/${encodeURIComponent(group.fingerprint)}`)} onClick={follow}>
                    {group.type}: {group.message || '(no message)'}
                  </a>{' '}
                  <span class="muted">
                    {formatCount(group.count)}× · last {formatTime(group.lastSeen)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Panel>
      <Panel title="Running experiments" state={flags} isEmpty={(data) => !listExperiments(data).some((each) => each.active)} empty="No experiment is running: add an experiment rule to a flag (Flags page or the flags file).">
        {(data) => (
          <ul class="plain">
            {listExperiments(data)
              .filter((each) => each.active)
              .map((experiment) => (
                <li key={experiment.key}>
                  <a href={pageHref(`experiments/${encodeURIComponent(experiment.key)}`)} onClick={follow}>
                    {experiment.name ?? experiment.key}
                  </a>{' '}
                  <span class="muted">
                    {experiment.variations.join(' vs ')} · flag {experiment.flag}
                  </span>
                </li>
              ))}
          </ul>
        )}
      </Panel>
      <Panel title="Open alerts and health score" state={alerts} isEmpty={(data) => data.alerts.length === 0} empty="No open alerts.">
        {(data) => (
          <ul class="plain">
            {data.alerts.map((alert) => (
              <li key={alert.id}>
                {alert.severity ? <strong>{alert.severity}</strong> : null} {alert.title ?? alert.id}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Web vitals p75" state={vitals} wide isEmpty={(data) => data.vitals.length === 0} empty="No vitals yet: install the script tag, then load a page.">
        {(data) => <VitalsTable rows={data.vitals} />}
      </Panel>
    </div>
  );
}
