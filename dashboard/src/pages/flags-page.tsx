import { TableHead } from '../components/table-head.tsx';
import { JsonBlock } from '../components/json-block.tsx';
import { useState } from 'preact/hooks';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { ConfigVersion } from '../../../server/src/flags/flags-repository.ts';
import { callApi } from '../api.ts';
import { follow } from '../app.tsx';
import { formatTime } from '../components/format.ts';
import { diffLines } from '../components/line-diff.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { navigate, pageHref, withParams } from '../use-location.ts';
import { FlagEditor } from './flag-editor.tsx';

/** One version in `GET /flags/history`: who changed what, when (without the config itself). */
type HistoryEntry = Omit<ConfigVersion, 'config'>;

/** Flags: every flag with its rules; one flag's definition, history, diff between versions and staff's controls. */
export function FlagsPage({ location, role }: PageProps) {
  const config = useApi<FlagsConfig>('/flags/config');
  const selected = location.rest[0];
  return (
    <div class="grid">
      <Panel
        title="Flags"
        state={config}
        wide
        isEmpty={(data) => Object.keys(data.flags).length === 0}
        empty="No flags yet: start the server with a flags file (FLAGS_FILE) or add one via the API."
      >
        {(data) => (
          <table class="data">
            <TableHead columns={['Flag', 'Type', 'Default', 'Rules', 'Description']} />
            <tbody>
              {Object.entries(data.flags).map(([key, flag]) => (
                <tr key={key} data-flag={key}>
                  <th scope="row">
                    <a
                      href={pageHref(`flags/${encodeURIComponent(key)}`)}
                      onClick={follow}
                      aria-current={key === selected ? 'page' : undefined}
                    >
                      {key}
                    </a>
                  </th>
                  <td>{flag.type}</td>
                  <td>
                    <code>{JSON.stringify(flag.defaultValue)}</code>
                  </td>
                  <td>
                    {(flag.rules ?? [])
                      .map((rule) => rule.id ?? ('variations' in rule ? 'experiment' : 'force'))
                      .join(', ') || 'none'}
                  </td>
                  <td>{flag.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {selected && config.status === 'ok' ? (
        <FlagDetail
          flagKey={selected}
          config={config.data}
          role={role}
          diff={location.params.get('diff')}
          onChanged={config.reload}
        />
      ) : null}
    </div>
  );
}

/** One flag: its JSON, staff's editor and kill switch, and its history with diffs and roll-backs. */
function FlagDetail({
  flagKey,
  config,
  role,
  diff,
  onChanged,
}: {
  flagKey: string;
  config: FlagsConfig;
  role: PageProps['role'];
  diff: string | null;
  onChanged: () => void;
}) {
  const flag = config.flags[flagKey];
  const history = useApi<{ versions: HistoryEntry[] }>('/flags/history', { limit: 200 });
  const { failure: actionError, run } = useAction();
  const [done, setDone] = useState<string>();
  const act = async (work: () => Promise<{ version: number }>, what: string) => {
    const answer = await run(work);
    if (!answer) return;
    setDone(`${what}: now version ${answer.version}.`);
    onChanged();
    history.reload();
  };
  if (!flag) return <ErrorNote status={404} message={`no flag "${flagKey}" in the current config`} />;
  const killSwitch = () =>
    act(
      () =>
        callApi('PUT', `/api/flags/definitions/${encodeURIComponent(flagKey)}`, {
          flag: { ...flag, defaultValue: false, rules: [] },
          note: 'kill switch: off for everyone',
        }),
      'Switched off for everyone',
    );
  const rollBack = (version: number) =>
    act(async () => {
      const entry = await callApi<{ config: FlagsConfig }>('GET', `/api/flags/history/${version}`);
      return callApi('PUT', '/api/flags/config', { config: entry.config, note: `roll back to version ${version}` });
    }, `Rolled back to version ${version}`);
  const touches = (entry: HistoryEntry) =>
    [...entry.change.added, ...entry.change.removed, ...entry.change.changed].includes(flagKey) ||
    entry.change.kind === 'file';
  return (
    <>
      <section class="panel wide" aria-label={`Flag ${flagKey}`}>
        <header class="panel-head">
          <h2>Flag {flagKey}</h2>
          {role === 'staff' && flag.type === 'boolean' ? (
            <button
              type="button"
              class="danger"
              onClick={killSwitch}
              disabled={flag.defaultValue === false && !flag.rules?.length}
            >
              {flag.defaultValue === false && !flag.rules?.length
                ? 'Off for everyone'
                : 'Kill switch: off for everyone'}
            </button>
          ) : null}
        </header>
        {actionError ? <ErrorNote status={actionError.status} message={actionError.message} /> : null}
        {done ? <p role="status">{done}</p> : null}
        <JsonBlock value={flag} label="Answer as JSON" />
        {role === 'staff' ? (
          <FlagEditor
            key={JSON.stringify(flag)}
            flagKey={flagKey}
            flag={flag}
            onSaved={(version) => {
              setDone(`Saved as version ${version}.`);
              onChanged();
              history.reload();
            }}
          />
        ) : (
          <p class="muted">Signed in with the read key: sign in with a staff token to edit this flag.</p>
        )}
      </section>
      <Panel
        title={`History of ${flagKey}`}
        state={history}
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
              onRollBack={rollBack}
            />
            {diff ? <VersionDiff flagKey={flagKey} version={Number(diff)} /> : null}
          </>
        )}
      </Panel>
    </>
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
