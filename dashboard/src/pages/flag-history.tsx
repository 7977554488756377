import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { ConfigVersion } from '../../../server/src/flags/flag-config-versions.ts';
import { formatTime } from '../components/format.ts';
import { diffLines } from '../components/line-diff.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';
import type { PageProps } from '../page-props.ts';
import type { ApiState } from '../use-api.ts';
import { useApi } from '../use-api.ts';
import { navigate, withParams } from '../use-location.ts';

/** One version in `GET /flags/history`: who changed what, when (without the config itself). */
export type HistoryEntry = Omit<ConfigVersion, 'config'>;

/** Whether a version changed `flagKey`; a version loaded from the flags file may have changed any flag. */
function touchesFlag(entry: HistoryEntry, flagKey: string): boolean {
  return (
    [...entry.change.added, ...entry.change.removed, ...entry.change.changed].includes(flagKey) ||
    entry.change.kind === 'file'
  );
}

/** "History of" a flag: the versions that touched it, with roll-backs for staff, and the diff the URL asks for. */
export function FlagHistoryPanel({
  flagKey,
  state,
  role,
  diff,
  onRollBack,
}: {
  flagKey: string;
  state: ApiState<{ versions: HistoryEntry[] }>;
  role: PageProps['role'];
  diff: string | null;
  onRollBack: (version: number) => void;
}) {
  const touches = (entry: HistoryEntry) => touchesFlag(entry, flagKey);
  return (
    <Panel
      title={`History of ${flagKey}`}
      state={state}
      wide
      isEmpty={(data) => !data.versions.some(touches)}
      empty="No version changed this flag yet."
    >
      {(data) => (
        <>
          <HistoryTable
            entries={data.versions.filter(touches)}
            latest={data.versions[0]?.version}
            role={role}
            onRollBack={onRollBack}
          />
          {diff ? <VersionDiff flagKey={flagKey} version={Number(diff)} /> : null}
        </>
      )}
    </Panel>
  );
}

/** The versions that touched a flag: when, who, what, and buttons to diff with the version before or roll back. */
function HistoryTable({
  entries,
  latest,
  role,
  onRollBack,
}: {
  entries: HistoryEntry[];
  latest: number | undefined;
  role: PageProps['role'];
  onRollBack: (version: number) => void;
}) {
  return (
    <table class="data">
      <TableHead columns={['Version', 'When', 'Who', 'Change', 'Actions']} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.version}>
            <td>v{entry.version}</td>
            <td>{formatTime(entry.createdAt)}</td>
            <td>{entry.author ?? entry.actor}</td>
            <td>
              {entry.change.kind}
              {entry.note ? ` · ${entry.note}` : ''}
            </td>
            <td class="actions">
              {entry.version > 1 ? (
                <button type="button" onClick={() => navigate(withParams({ diff: String(entry.version) }))}>
                  Diff with v{entry.version - 1}
                </button>
              ) : null}
              {role === 'staff' && entry.version !== latest ? (
                <button type="button" onClick={() => onRollBack(entry.version)}>
                  Roll back to v{entry.version}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One flag's JSON in two consecutive versions, as a line diff. */
function VersionDiff({ flagKey, version }: { flagKey: string; version: number }) {
  const after = useApi<{ config: FlagsConfig }>(`/flags/history/${version}`);
  const before = useApi<{ config: FlagsConfig }>(`/flags/history/${version - 1}`);
  if (after.status !== 'ok' || before.status !== 'ok') {
    const failed = after.status === 'error' ? after : before.status === 'error' ? before : undefined;
    return failed && failed.status === 'error' ? (
      <ErrorNote status={failed.error.status} message={failed.error.message} />
    ) : (
      <p role="status">Loading the diff…</p>
    );
  }
  const text = (config: FlagsConfig) => JSON.stringify(config.flags[flagKey] ?? null, null, 2);
  return (
    <figure class="diff" aria-label={`${flagKey}: version ${version - 1} to ${version}`}>
      <figcaption>
        {flagKey}: v{version - 1} → v{version}
      </figcaption>
      <pre tabIndex={0}>
        {diffLines(text(before.data.config), text(after.data.config)).map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff is a fixed, ordered list of lines: a line is its position.
          <div key={index} class={`diff-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
          </div>
        ))}
      </pre>
    </figure>
  );
}
