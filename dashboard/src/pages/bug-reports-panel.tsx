import { JsonBlock } from '../components/json-block.tsx';
import { useState } from 'preact/hooks';
import { follow } from '../app.tsx';
import { formatTime } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import type { BugReportSummary } from '../../../server/src/feedback/feedback-repository.ts';
import { useApi } from '../use-api.ts';
import { pageHref } from '../use-location.ts';

interface BugReportDetail {
  report: BugReportSummary & {
    screenshot?: string;
    environment?: Record<string, unknown>;
    errors?: unknown[];
    webhook?: string;
    rule?: string;
  };
  deliveries: { attempt: number; status?: number; ok: boolean; error?: string; at: number }[];
}

/** Bug reports as an inbox: newest first; opening one shows its screenshot, environment, errors and webhook deliveries. */
export function BugReportsPanel() {
  const reports = useApi<{ reports: BugReportSummary[] }>('/bug-reports', { limit: 50 });
  const [open, setOpen] = useState<string>();
  return (
    <Panel
      title="Bug reports"
      state={reports}
      wide
      isEmpty={(data) => data.reports.length === 0}
      empty="No bug reports yet: users file them from the widget's feedback panel, staff from the extension."
    >
      {(data) => (
        <ul class="plain inbox">
          {data.reports.map((report) => (
            <li key={report.id}>
              <button
                type="button"
                aria-expanded={open === report.id}
                onClick={() => setOpen(open === report.id ? undefined : report.id)}
              >
                <span class={`badge ${report.severity === 'critical' || report.severity === 'high' ? 'poor' : ''}`}>
                  {report.severity}
                </span>{' '}
                {report.category} · {report.description.slice(0, 120)}
              </button>{' '}
              <span class="muted">
                {formatTime(report.createdAt)} · {report.source}
                {report.pagePath ? ` · ${report.pagePath}` : ''}
              </span>
              {open === report.id ? <BugReportDetailView id={report.id} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function BugReportDetailView({ id }: { id: string }) {
  const detail = useApi<BugReportDetail>(`/bug-reports/${encodeURIComponent(id)}`);
  return (
    <Panel title="Report" state={detail}>
      {({ report, deliveries }) => (
        <div class="report">
          <p>{report.description}</p>
          {report.screenshot?.startsWith('data:image/') ? (
            <img class="screenshot" src={report.screenshot} alt="Screenshot attached to the report" />
          ) : null}
          {report.sessionId ? (
            <p>
              Session:{' '}
              <a href={pageHref('sessions', { session: report.sessionId })} onClick={follow}>
                {report.sessionId}
              </a>
            </p>
          ) : null}
          <JsonBlock
            value={{
              environment: report.environment,
              errors: report.errors,
              routed: report.rule ?? report.category,
              webhook: report.webhook,
            }}
            label="Answer as JSON"
          />
          <h4>Webhook deliveries</h4>
          {deliveries.length ? (
            <ul class="plain">
              {deliveries.map((delivery) => (
                <li key={delivery.attempt}>
                  attempt {delivery.attempt}:{' '}
                  {delivery.ok
                    ? 'delivered'
                    : `failed${delivery.status ? ` (${delivery.status})` : ''}${delivery.error ? `: ${delivery.error}` : ''}`}{' '}
                  · {formatTime(delivery.at)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">No webhook for this report's route.</p>
          )}
        </div>
      )}
    </Panel>
  );
}
