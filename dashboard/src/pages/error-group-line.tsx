import { follow } from '../app.tsx';
import { formatCount, formatTime } from '../components/format.ts';
import { Sparkline } from '../components/sparkline.tsx';
import { pageHref } from '../use-location.ts';
import type { ErrorGroupRow } from './error-group-types.ts';

/** The groups table's header; the per-hour and actions columns only when the table has them. */
export function ErrorGroupHead({ perHour, actions }: { perHour: boolean; actions: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">Error</th>
        <th scope="col">Events</th>
        {perHour ? <th scope="col">Per hour</th> : null}
        <th scope="col">People</th>
        <th scope="col">Sessions</th>
        <th scope="col">First seen</th>
        <th scope="col">Last seen</th>
        <th scope="col">Status</th>
        {actions ? <th scope="col">Actions</th> : null}
      </tr>
    </thead>
  );
}

/** One group's row: a link to its page, its figures, its sparkline when `hourly` is given, and staff's actions. */
export function ErrorGroupLine({
  group,
  hourly,
  onStatus,
}: {
  group: ErrorGroupRow;
  hourly?: Map<string, number[]>;
  onStatus?: (status: string) => void;
}) {
  return (
    <tr data-fingerprint={group.fingerprint}>
      <th scope="row">
        <a href={pageHref(`errors/${encodeURIComponent(group.fingerprint)}`)} onClick={follow}>
          {group.type}: {group.message || '(no message)'}
        </a>
        {group.regressed ? <span class="badge poor">regressed</span> : null}
      </th>
      <td>{formatCount(group.count)}</td>
      {hourly ? (
        <td>
          <Sparkline values={hourly.get(group.fingerprint) ?? []} label={`${group.type}: occurrences per hour`} />
        </td>
      ) : null}
      <td>{formatCount(group.users)}</td>
      <td>{formatCount(group.sessions)}</td>
      <td>{formatTime(group.firstSeen)}</td>
      <td>{formatTime(group.lastSeen)}</td>
      <td class="status">{group.status}</td>
      {onStatus ? <StatusActions status={group.status} onStatus={onStatus} /> : null}
    </tr>
  );
}

/** Staff's buttons to move a group to each status it is not in. */
function StatusActions({ status, onStatus }: { status: string; onStatus: (status: string) => void }) {
  return (
    <td class="actions">
      {status !== 'resolved' ? (
        <button type="button" onClick={() => onStatus('resolved')}>
          Resolve
        </button>
      ) : null}
      {status !== 'ignored' ? (
        <button type="button" onClick={() => onStatus('ignored')}>
          Ignore
        </button>
      ) : null}
      {status !== 'open' ? (
        <button type="button" onClick={() => onStatus('open')}>
          Reopen
        </button>
      ) : null}
    </td>
  );
}
