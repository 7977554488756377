import { callApi } from '../api.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';
import { ErrorGroupHead, ErrorGroupLine } from './error-group-line.tsx';
import { ErrorGroupView } from './error-group-view.tsx';
import type { ErrorGroupRow } from './error-group-types.ts';
import type { ErrorPoint, TrendsAnswer } from '../components/trend-types.ts';

const STATUSES = ['open', 'resolved', 'ignored'] as const;

/** Errors: groups with counts, people and sessions hit, first and last seen, status and regressions; one group's page. */
export function ErrorsPage({ location, range, role }: PageProps) {
  const status = location.params.get('status') ?? '';
  const groups = useApi<{ groups: ErrorGroupRow[] }>('/errors/groups', {
    since: range.since,
    until: range.until,
    status,
  });
  const trend = useApi<TrendsAnswer<ErrorPoint>>('/analytics/trends', {
    series: 'errors',
    since: range.since,
    until: range.until,
  });
  const selected = location.rest[0];
  if (selected) return <ErrorGroupView fingerprint={selected} range={range} role={role} groups={groups} />;
  return (
    <Panel
      title="Error groups"
      state={groups}
      wide
      isEmpty={(data) => data.groups.length === 0}
      empty={
        status
          ? `No ${status} error group in this range.`
          : 'No errors in this range: errors appear once the widget reports one (install the script tag, then load a page).'
      }
      actions={<StatusFilter status={status} />}
    >
      {(data) => (
        <ErrorGroupTable
          groups={data.groups}
          role={role}
          onChanged={groups.reload}
          hourly={trend.status === 'ok' ? hourlyCounts(trend.data) : undefined}
        />
      )}
    </Panel>
  );
}

function StatusFilter({ status }: { status: string }) {
  return (
    <div>
      <label for="status-filter">Status </label>
      <select
        id="status-filter"
        value={status}
        onChange={(event) => navigate(withParams({ status: event.currentTarget.value || undefined }))}
      >
        <option value="">all</option>
        {STATUSES.map((each) => (
          <option key={each}>{each}</option>
        ))}
      </select>
    </div>
  );
}

/** The groups table; staff get resolve / ignore / reopen buttons that call `PATCH /api/errors/groups/:fingerprint`. */
export function ErrorGroupTable({
  groups,
  role,
  onChanged,
  hourly,
}: {
  groups: ErrorGroupRow[];
  role: PageProps['role'];
  onChanged: () => void;
  hourly?: Map<string, number[]>;
}) {
  const { failure, run } = useAction();
  const setStatus = (fingerprint: string, status: string) =>
    run(() => callApi('PATCH', `/api/errors/groups/${encodeURIComponent(fingerprint)}`, { status })).then(onChanged);
  const staff = role === 'staff';
  return (
    <>
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
      <table class="data">
        <ErrorGroupHead perHour={Boolean(hourly)} actions={staff} />
        <tbody>
          {groups.map((group) => (
            <ErrorGroupLine
              key={group.fingerprint}
              group={group}
              hourly={hourly}
              onStatus={staff ? (status) => setStatus(group.fingerprint, status) : undefined}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Each group's occurrences in every hour of the answer's range (zeros where it had none), for its sparkline. */
function hourlyCounts(answer: TrendsAnswer<ErrorPoint>): Map<string, number[]> {
  const first = Math.floor(answer.since / 3_600_000);
  const hours = Math.max(1, Math.ceil(answer.until / 3_600_000) - first);
  const counts = new Map<string, number[]>();
  for (const point of answer.points) {
    const line =
      counts.get(point.fingerprint) ??
      counts.set(point.fingerprint, new Array<number>(hours).fill(0)).get(point.fingerprint)!;
    const at = Math.floor(Date.parse(point.hour) / 3_600_000) - first;
    if (at >= 0 && at < hours) line[at]! += point.occurrences;
  }
  return counts;
}
