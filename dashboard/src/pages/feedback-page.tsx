import { TableHead } from '../components/table-head.tsx';
import { useState } from 'preact/hooks';
import { callApi } from '../api.ts';
import { Bar } from '../components/bar.tsx';
import { formatTime } from '../components/format.ts';
import { NpsFigures } from '../components/nps-figures.tsx';
import type { NpsAnswer } from '../components/nps-figures.tsx';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';
import { BugReportsPanel } from './bug-reports-panel.tsx';
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
      <Panel
        title="Net Promoter Score"
        state={nps}
        isEmpty={(data) => data.responses === 0}
        empty="No NPS answers in this range: turn on the NPS survey in the widget, then answer it on a CRM page."
      >
        {(data) => (
          <>
            <NpsFigures nps={data} span={span} />
            <dl class="split">
              {(['promoters', 'passives', 'detractors'] as const).map((group) => (
                <div key={group}>
                  <dt>{group}</dt>
                  <dd data-group={group}>
                    {data[group]}
                    <Bar
                      share={data.responses ? data[group] / data.responses : 0}
                      tone={group === 'promoters' ? 'good' : group === 'passives' ? 'warn' : 'poor'}
                      label={`${group}: ${data[group]} of ${data.responses}`}
                    />
                  </dd>
                </div>
              ))}
            </dl>
            <p class="muted">
              Comment sentiment: {data.sentiment.positive} positive, {data.sentiment.neutral} neutral,{' '}
              {data.sentiment.negative} negative
            </p>
          </>
        )}
      </Panel>
      <Panel
        title="NPS comments"
        state={nps}
        isEmpty={(data) => data.comments.length === 0}
        empty="No comments in this range."
        actions={<SearchBox search={search} />}
      >
        {(data) => {
          const shown = data.comments.filter((comment) => comment.comment.toLowerCase().includes(search.toLowerCase()));
          return shown.length ? (
            <ul class="plain comments">
              {shown.map((comment) => (
                <li key={comment.id}>
                  <strong>{comment.score}</strong>{' '}
                  <span class={`badge ${comment.sentiment.label}`}>{comment.sentiment.label}</span> {comment.comment}{' '}
                  <span class="muted">{formatTime(comment.ts)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="state empty">No comment contains “{search}”.</p>
          );
        }}
      </Panel>
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

function SearchBox({ search }: { search: string }) {
  const [text, setText] = useState(search);
  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(withParams({ q: text.trim() || undefined }), true);
      }}
    >
      <label for="comment-search">Search comments </label>
      <input id="comment-search" type="search" value={text} onInput={(event) => setText(event.currentTarget.value)} />
    </form>
  );
}

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
