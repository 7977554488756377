import { useState } from 'preact/hooks';
import type { FlagDefinition, FlagsConfig } from '../../../shared/flags/types.ts';
import type { ApiError } from '../api.ts';
import { callApi } from '../api.ts';
import { JsonBlock } from '../components/json-block.tsx';
import { ErrorNote } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { FlagEditor } from './flag-editor.tsx';
import { FlagHistoryPanel } from './flag-history.tsx';
import type { HistoryEntry } from './flag-history.tsx';

/** One flag: its JSON, staff's editor and kill switch, and its history with diffs and roll-backs. */
export function FlagDetail({
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
  const { failure, run } = useAction();
  const [done, setDone] = useState<string>();
  const changed = (notice: string) => {
    setDone(notice);
    onChanged();
    history.reload();
  };
  const act = async (work: () => Promise<{ version: number }>, what: string) => {
    const answer = await run(work);
    if (answer) changed(`${what}: now version ${answer.version}.`);
  };
  if (!flag) return <ErrorNote status={404} message={`no flag "${flagKey}" in the current config`} />;
  return (
    <>
      <FlagSection
        flagKey={flagKey}
        flag={flag}
        role={role}
        failure={failure}
        done={done}
        onKillSwitch={() => act(() => switchOffForEveryone(flagKey, flag), 'Switched off for everyone')}
        onSaved={(version) => changed(`Saved as version ${version}.`)}
      />
      <FlagHistoryPanel
        flagKey={flagKey}
        state={history}
        role={role}
        diff={diff}
        onRollBack={(version) => act(() => rollBackTo(version), `Rolled back to version ${version}`)}
      />
    </>
  );
}

/** The flag's own panel: its JSON, what the last change did or why it failed, and staff's kill switch and editor. */
function FlagSection({
  flagKey,
  flag,
  role,
  failure,
  done,
  onKillSwitch,
  onSaved,
}: {
  flagKey: string;
  flag: FlagDefinition;
  role: PageProps['role'];
  failure: ApiError | undefined;
  done: string | undefined;
  onKillSwitch: () => void;
  onSaved: (version: number) => void;
}) {
  return (
    <section class="panel wide" aria-label={`Flag ${flagKey}`}>
      <header class="panel-head">
        <h2>Flag {flagKey}</h2>
        {role === 'staff' && flag.type === 'boolean' ? <KillSwitch flag={flag} onClick={onKillSwitch} /> : null}
      </header>
      {failure ? <ErrorNote status={failure.status} message={failure.message} /> : null}
      {done ? <p role="status">{done}</p> : null}
      <JsonBlock value={flag} label="Answer as JSON" />
      {role === 'staff' ? (
        <FlagEditor key={JSON.stringify(flag)} flagKey={flagKey} flag={flag} onSaved={onSaved} />
      ) : (
        <p class="muted">Signed in with the read key: sign in with a staff token to edit this flag.</p>
      )}
    </section>
  );
}

/** The kill switch of a boolean flag, disabled once the flag is off for everyone already. */
function KillSwitch({ flag, onClick }: { flag: FlagDefinition; onClick: () => void }) {
  const off = flag.defaultValue === false && !flag.rules?.length;
  return (
    <button type="button" class="danger" onClick={onClick} disabled={off}>
      {off ? 'Off for everyone' : 'Kill switch: off for everyone'}
    </button>
  );
}

/** Turns a flag off for everyone: its default false and no rules, noted as the kill switch in the history. */
function switchOffForEveryone(flagKey: string, flag: FlagDefinition) {
  return callApi<{ version: number }>('PUT', `/api/flags/definitions/${encodeURIComponent(flagKey)}`, {
    flag: { ...flag, defaultValue: false, rules: [] },
    note: 'kill switch: off for everyone',
  });
}

/** Puts back the whole config of `version`, noted as a roll-back in the history. */
async function rollBackTo(version: number) {
  const entry = await callApi<{ config: FlagsConfig }>('GET', `/api/flags/history/${version}`);
  return callApi<{ version: number }>('PUT', '/api/flags/config', {
    config: entry.config,
    note: `roll back to version ${version}`,
  });
}
