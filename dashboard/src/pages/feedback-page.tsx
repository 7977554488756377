import { TableHead } from '../components/table-head.tsx';
import { callApi } from '../api.ts';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { BugReportsPanel } from './bug-reports-panel.tsx';
import { NpsCommentsPanel, NpsPanel } from './feedback-nps-panels.tsx';
import type {
  FeatureRequestStatus,
  RankedFeatureRequest as FeatureRequest,
} from '../../../server/src/feedback/feedback-repository.ts';

// Every status the server knows, typed by it (a new one breaks the type check); only the type is imported, so no
// server code is bundled.
const STATUS_ORDER: Record<FeatureRequestStatus, number> = {
  open: 0,
  planned: 1,
  'in-progress': 2,
  done: 3,
  declined: 4,
};
const REQUEST_STATUSES = (Object.keys(STATUS_ORDER) as FeatureRequestStatus[]).sort(
  (a, b) => STATUS_ORDER[a] - STATUS_ORDER[b],
);

/** Feedback: NPS and its trend, the answer distribution and sentiment, searchable comments, feature requests, bug reports. */
export function FeedbackPage({ location, range, role }: PageProps) {
  const span = { since: range.since, until: range.until };
  const nps = useApi<NpsAnswer>('/feedback/nps', span);
  const requests = useApi<{ requests: FeatureRequest[] }>('/feature-requests', { limit: 100 });
  const search = location.params.get('q') ?? '';
  return (
    <div class="grid">
      <NpsPanel nps={nps} span={span} />
      <NpsCommentsPanel nps={nps} search={search} />
      <Panel
        title="Feature requests by votes"
        state={requests}
        wide
        isEmpty={(data) => data.requests.length === 0}
        empty="No feature requests yet: the widget's feedback panel lets users file and vote for them."
      >
        {(data) => <FeatureRequestTable requests={data.requests} role={role} onChanged={requests.reload} />}
      </Panel>
      <BugReportsPanel location={location} role={role} />
    </div>
  );
}

/** The feature requests, most voted first; staff set each one's status (`PATCH /api/feature-requests/:id`). */
function FeatureRequestTable({
  requests,
  role,
  onChanged,
}: {
  requests: FeatureRequest[];
  role: PageProps['role'];
  onChanged: () => void;
}) {
  const { failure, run } = useAction();
  const setStatus = (id: string, status: string) =>
    run(() => callApi('PATCH', `/api/feature-requests/${encodeURIComponent(id)}`, { status })).then(onChanged);
  return (
    <>
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
      <table class="data">
        <TableHead columns={['Request', 'Votes', 'Status']} />
        <tbody>
          {requests.map((request) => (
            <tr key={request.id} data-request={request.id}>
              <th scope="row">
                {request.title}
                {request.description ? <p class="muted">{request.description}</p> : null}
              </th>
              <td>{request.votes}</td>
              <td>
                {role === 'staff' ? (
                  <select
                    aria-label={`Status of ${request.title}`}
                    value={request.status}
                    onChange={(event) => setStatus(request.id, event.currentTarget.value)}
                  >
                    {REQUEST_STATUSES.map((status) => (
                      <option key={status}>{status}</option>
                    ))}
                  </select>
                ) : (
                  request.status
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
