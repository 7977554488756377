import { useMemo, useState } from 'preact/hooks';
import type { FlagsState } from '../../shared/bridge.ts';
import type { OriginOverrides } from '../lib/override-store.ts';
import { pageFlagsConfig } from '../lib/page-flags-config.ts';
import { ExperimentList } from './experiment-list.tsx';
import { FlagList } from './flag-list.tsx';
import type { TabProps } from './panel-tabs.ts';
import { SimulateBox } from './simulate-box.tsx';
import { useOriginOverrides } from './use-origin-overrides.ts';

const STATUS_TEXT: Record<FlagsState['overrideStatus'], string> = {
  none: 'No overrides applied.',
  applied: 'Overrides applied.',
  'ignored-unsigned':
    'Production mode: the page ignores these overrides until the API signs a token (pair in Settings).',
  'ignored-invalid-token':
    'Production mode: the page ignores these overrides (the override token is invalid or expired).',
};

/** How the page treated the overrides, until when they last, and "Clear all". */
function OverridesToolbar({
  entry,
  status,
  clearAll,
}: {
  entry: OriginOverrides | undefined;
  status: FlagsState['overrideStatus'];
  clearAll: () => Promise<unknown>;
}) {
  return (
    <div class="toolbar">
      <span data-testid="override-status">{entry ? STATUS_TEXT[status] : STATUS_TEXT.none}</span>
      {entry ? <span class="muted">Until {new Date(entry.expiresAt).toLocaleString()}.</span> : null}
      <button type="button" data-testid="clear-overrides" disabled={!entry} onClick={() => void clearAll()}>
        Clear all
      </button>
    </div>
  );
}

/** The search box over flags and experiments, and where the page's config came from. */
function SearchToolbar({
  search,
  setSearch,
  state,
}: {
  search: string;
  setSearch: (text: string) => void;
  state: FlagsState;
}) {
  return (
    <div class="toolbar">
      <input
        type="search"
        placeholder="Search flags and experiments"
        aria-label="Search flags and experiments"
        value={search}
        onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
      />
      <span class="muted">
        Config: {state.configSource}
        {state.configVersion !== undefined ? ` v${state.configVersion}` : ''}
      </span>
    </div>
  );
}

/** Every flag and experiment of the inspected page, with value and why; force, simulate, clear. */
export function FlagsTab({ origin, view }: TabProps) {
  const { entry, error, setError, change, clearAll } = useOriginOverrides(origin);
  const [search, setSearch] = useState('');
  // Checked once per config the page sends, not per render: the panel runs its rules, and the page could send anything.
  const sentConfig = view?.found ? view.page.flags?.config : undefined;
  const config = useMemo(() => pageFlagsConfig(sentConfig), [sentConfig]);

  if (!view?.found) return null;
  const { page } = view;
  if (page.taken)
    return (
      <p role="alert" data-testid="bridge-taken">
        A page script took the widget's extension channel before the extension could: overrides cannot be applied on
        this page.
      </p>
    );
  if (!page.flags)
    return (
      <p role="status" data-testid="flags-missing">
        No crm-insights flags on this page (no widget, or it has not reported yet).
      </p>
    );
  const state = page.flags;
  const needle = search.trim().toLowerCase();
  const matches = (key: string) => !needle || key.toLowerCase().includes(needle);
  return (
    <section class="flags">
      <OverridesToolbar entry={entry} status={state.overrideStatus} clearAll={clearAll} />
      {error || page.overrideError ? <p role="alert">{error || page.overrideError}</p> : null}
      <SearchToolbar search={search} setSearch={setSearch} state={state} />
      <h2>Experiments</h2>
      <ExperimentList
        experiments={state.experiments}
        flags={state.flags}
        entry={entry}
        matches={matches}
        change={change}
      />
      <h2>Flags</h2>
      <FlagList state={state} config={config} entry={entry} matches={matches} change={change} setError={setError} />
      <SimulateBox config={config} entry={entry} change={change} setError={setError} />
    </section>
  );
}
