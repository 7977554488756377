import { JsonBlock } from '../components/json-block.tsx';
import { BUG_REPORT_STATUSES } from '../../../shared/protocol.ts';
import type { BugReportStatus } from '../../../shared/protocol.ts';
import { callApi } from '../api.ts';
import { follow } from '../app.tsx';
import { formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type {
  BugReportSummary,
  BugReportTriage,
  StoredBugReport,
} from '../../../server/src/feedback/feedback-repository.ts';
import type { WebhookAttempt } from '../../../server/src/feedback/webhook-delivery.ts';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { BASE, navigate, pageHref, withParams } from '../use-location.ts';

type ListedReport = BugReportSummary & BugReportTriage;

/** What `GET /bug-reports/:id` answers: the whole report with its triage, and its webhook deliveries. */
interface BugReportDetail {
  report: StoredBugReport & BugReportTriage;
  deliveries: WebhookAttempt[];
}

/** The dashboard URL of a report (`/dashboard/feedback/bugs/<id>`, the extension links there), or of the inbox. */
function reportHref(id: string | undefined): string {
  const path = id ? `feedback/bugs/${encodeURIComponent(id)}` : 'feedback';
  return `${BASE}${path}${location.search}`;
}

/**
 * Bug reports as an inbox: newest first, each with its triage status (staff set it here); the report the URL
 * names (`/dashboard/feedback/bugs/<id>`) is open, showing its screenshot, environment, errors and deliveries.
 */
export function BugReportsPanel({ location: where, role }: Pick<PageProps, 'location' | 'role'>) {
  const status = where.params.get('bugStatus') ?? undefined;
  const reports = useApi<{ reports: ListedReport[] }>('/bug-reports', { limit: 50, status });
  const open = where.rest[0] === 'bugs' ? where.rest[1] : undefined;
  const listed = reports.status === 'ok' && reports.data.reports.some((report) => report.id === open);
  return (
    <Panel
      title="Bug reports"
      state={reports}
      wide
      isEmpty={(data) => data.reports.length === 0 && !open}
      empty={
        status
          ? `No bug reports are ${status}.`
          : "No bug reports yet: users file them from the widget's feedback panel, staff from the extension."
      }
      actions={<StatusFilter status={status} />}
    >
      {(data) => (
        <>
          {/* A linked report older than the newest 50 still opens, above the list. */}
          {open && !listed ? <BugReportDetailView id={open} role={role} onChanged={reports.reload} /> : null}
          <ul class="plain inbox">
            {data.reports.map((report) => (
              <li key={report.id} data-report={report.id}>
                <a
                  href={reportHref(open === report.id ? undefined : report.id)}
                  onClick={follow}
                  aria-expanded={open === report.id}
                >
                  <span class={`badge ${report.severity === 'critical' || report.severity === 'high' ? 'poor' : ''}`}>
                    {report.severity}
                  </span>{' '}
                  {report.category} · {report.description.slice(0, 120)}
                </a>{' '}
                <StatusBadge status={report.status} />{' '}
                <span class="muted">
                  {formatTime(report.createdAt)} · {report.source}
                  {report.pagePath ? ` · ${report.pagePath}` : ''}
                </span>
                {open === report.id ? (
                  <BugReportDetailView id={report.id} role={role} onChanged={reports.reload} />
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

/** Shows the reports of one triage status (kept in the URL as `bugStatus`), or all. */
function StatusFilter({ status }: { status: string | undefined }) {
  return (
    <label>
      Show{' '}
      <select
        data-testid="bug-report-status-filter"
        value={status ?? ''}
        onChange={(event) => navigate(withParams({ bugStatus: event.currentTarget.value }), true)}
      >
        <option value="">all</option>
        {BUG_REPORT_STATUSES.map((each) => (
          <option key={each}>{each}</option>
        ))}
      </select>
    </label>
  );
}

function StatusBadge({ status }: { status: BugReportStatus }) {
  const tone = status === 'resolved' ? 'good' : '';
  return (
    <span class={`badge ${tone}`} data-testid="bug-report-status">
      {status}
    </span>
  );
}

/** The triage status with who set it when; staff change it here (`PATCH /api/bug-reports/:id`). */
function TriageControl({
  report,
  role,
  onChanged,
}: {
  report: ListedReport;
  role: PageProps['role'];
  onChanged: () => void;
}) {
  const { failure, run } = useAction();
  const setStatus = (status: string) =>
    run(() => callApi('PATCH', `/api/bug-reports/${encodeURIComponent(report.id)}`, { status })).then(onChanged);
  return (
    <div class="triage">
      {role === 'staff' ? (
        <label>
          Status{' '}
          <select
            data-testid="bug-report-status-select"
            value={report.status}
            onChange={(event) => void setStatus(event.currentTarget.value)}
          >
            {BUG_REPORT_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
      ) : (
        <>
          Status: <StatusBadge status={report.status} />
        </>
      )}{' '}
      <span class="muted">
        {report.statusChangedAt
          ? `set ${formatTime(report.statusChangedAt)} by ${report.statusChangedBy ?? 'staff'}`
          : 'not triaged yet'}
        {report.reporterId ? ` · filed by ${report.reporterId}` : ''}
      </span>
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
    </div>
  );
}

function BugReportDetailView({ id, role, onChanged }: { id: string; role: PageProps['role']; onChanged: () => void }) {
  const detail = useApi<BugReportDetail>(`/bug-reports/${encodeURIComponent(id)}`);
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <Panel title="Report" state={detail}>
      {({ report, deliveries }) => (
        <div class="report" data-testid="bug-report-detail">
          <TriageControl report={report} role={role} onChanged={changed} />
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
