import { useEffect, useState } from 'preact/hooks';
import type { ExperimentRow, FlagRow, FlagsState } from '../../shared/bridge.ts';
import { attributesUsed, explainFlag } from '../../shared/flags/explain-flag.ts';
import type { Attributes, FlagsConfig, Overrides } from '../../shared/flags/types.ts';
import { activeOverrides, applyOverrideChange, clearOverrides } from '../lib/override-store.ts';
import type { OriginOverrides, OverrideChange, OverridesByOrigin } from '../lib/override-store.ts';
import { overridesItem } from '../lib/storage-items.ts';
import { DraftField } from './draft-field.tsx';
import type { TabProps } from './panel-tabs.ts';

const STATUS_TEXT: Record<FlagsState['overrideStatus'], string> = {
  none: 'No overrides applied.',
  applied: 'Overrides applied.',
  'ignored-unsigned':
    'Production mode: the page ignores these overrides until the API signs a token (pair in Settings).',
  'ignored-invalid-token':
    'Production mode: the page ignores these overrides (the override token is invalid or expired).',
};

/** Shows a JSON value compactly. */
function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** One flag: value, source, the rule-by-rule explanation, and a force box that keeps what is typed. */
function FlagCard({
  flag,
  explanation,
  forced,
  change,
  setError,
}: {
  flag: FlagRow;
  explanation: string;
  forced: string;
  change: (what: OverrideChange) => Promise<void>;
  setError: (text: string) => void;
}) {
  return (
    <li class="card" data-testid={`flag-${flag.key}`}>
      <div class="card-head">
        <strong class="key">{flag.key}</strong>
        <code data-testid={`flag-value-${flag.key}`}>{show(flag.value)}</code>
        <span class={`badge source-${flag.source}`}>{flag.forced ? `${flag.source}, forced` : flag.source}</span>
      </div>
      <p class="why" data-testid={`flag-why-${flag.key}`}>
        {explanation}
      </p>
      <DraftField
        label={`Force ${flag.key} (JSON; empty releases it)`}
        placeholder={flag.type === 'boolean' ? 'force: true / false' : 'force: JSON value'}
        committed={forced}
        onCommit={async (text) => {
          try {
            await change({ kind: 'flag', key: flag.key, value: text.trim() === '' ? undefined : JSON.parse(text) });
            return true;
          } catch {
            setError(`"${text}" is not JSON: write true, 3, "text" or {"a":1}.`);
            return false;
          }
        }}
      />
    </li>
  );
}

/** One experiment: variations with weights, this user's variation and bucket, and a forced variation. */
function ExperimentCard({
  experiment,
  row,
  forced,
  change,
}: {
  experiment: ExperimentRow;
  row?: FlagRow;
  forced: unknown;
  change: (what: OverrideChange) => Promise<void>;
}) {
  const mine = row?.experiment?.key === experiment.key ? row.experiment : undefined;
  return (
    <li class="card" data-testid={`experiment-${experiment.key}`}>
      <div class="card-head">
        <strong class="key">{experiment.key}</strong>
        <code data-testid={`experiment-variation-${experiment.key}`}>
          {mine ? mine.variationKey : 'not in experiment'}
        </code>
        {experiment.active ? null : <span class="badge">inactive</span>}
      </div>
      <p class="why">
        {experiment.variations
          .map((variation, index) => `${variation} ${Math.round((experiment.weights[index] ?? 0) * 1000) / 10}%`)
          .join(' · ')}
        {mine?.bucket !== undefined ? ` — this user: ${mine.hashAttribute ?? 'id'} hashes to ${mine.bucket}` : ''}
        {mine?.stickyBucketUsed ? ' (kept by a sticky bucket)' : ''}
      </p>
      <select
        aria-label={`Force a variation of ${experiment.key}`}
        data-testid={`force-experiment-${experiment.key}`}
        value={forced === undefined ? '' : String(forced)}
        onChange={(event) => {
          const value = (event.target as HTMLSelectElement).value;
          void change({ kind: 'experiment', key: experiment.key, variation: value === '' ? undefined : value });
        }}
      >
        <option value="">hashed assignment</option>
        {experiment.variations.map((variation) => (
          <option key={variation} value={variation}>
            force {variation}
          </option>
        ))}
      </select>
    </li>
  );
}

/** Simulated attributes, with the ones the config actually hashes and targets on named. */
function SimulateBox({
  config,
  entry,
  change,
  setError,
}: {
  config?: FlagsConfig;
  entry?: OriginOverrides;
  change: (what: OverrideChange) => Promise<void>;
  setError: (text: string) => void;
}) {
  const used = attributesUsed(config);
  const example = Object.fromEntries([...used.hashed, ...used.targeted].map((name) => [name, '…']));
  return (
    <>
      <h2>Simulate another user</h2>
      <p class="muted" data-testid="simulate-attributes">
        Bucketing hashes on: {used.hashed.join(', ') || 'nothing'}; targeting reads:{' '}
        {used.targeted.join(', ') || 'nothing'}.
      </p>
      <DraftField
        multiline
        label="Simulated attributes (JSON object)"
        placeholder={JSON.stringify(example)}
        committed={entry?.overrides.attributes ? show(entry.overrides.attributes) : ''}
        onCommit={async (text) => {
          try {
            const parsed = text.trim() ? (JSON.parse(text) as unknown) : undefined;
            if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)))
              throw new Error('not an object');
            await change({ kind: 'attributes', attributes: parsed as Record<string, unknown> | undefined });
            return true;
          } catch {
            setError(`Simulated attributes must be a JSON object, e.g. ${JSON.stringify(example)}.`);
            return false;
          }
        }}
      />
      <p class="muted">Ctrl+Enter or leaving the box applies it.</p>
    </>
  );
}

/** Every flag and experiment of the inspected page, with value and why; force, simulate, clear. */
export function FlagsTab({ origin, view }: TabProps) {
  const [all, setAll] = useState<OverridesByOrigin>({});
  const [error, setError] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    void overridesItem.getValue().then(setAll);
    return overridesItem.watch((next) => setAll(next ?? {}));
  }, []);
  const entry = origin ? activeOverrides(all, origin, Date.now()) : undefined;
  const change = async (what: OverrideChange) => {
    if (!origin) return;
    setError('');
    await overridesItem.setValue(applyOverrideChange(await overridesItem.getValue(), origin, what, Date.now()));
  };
  const clearAll = async () => origin && overridesItem.setValue(clearOverrides(await overridesItem.getValue(), origin));

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
  const { flags, experiments, overrideStatus, configSource, configVersion } = page.flags;
  const config = page.flags.config as FlagsConfig | undefined;
  const attributes = (page.flags.attributes ?? {}) as Attributes;
  const applied: Overrides | undefined =
    overrideStatus === 'applied' ? (entry?.overrides as Overrides | undefined) : undefined;
  const needle = search.trim().toLowerCase();
  const matches = (key: string) => !needle || key.toLowerCase().includes(needle);
  const byKey = new Map<string, FlagRow>(flags.map((flag) => [flag.key, flag]));
  return (
    <section class="flags">
      <div class="toolbar">
        <span data-testid="override-status">{entry ? STATUS_TEXT[overrideStatus] : STATUS_TEXT.none}</span>
        {entry ? <span class="muted">Until {new Date(entry.expiresAt).toLocaleString()}.</span> : null}
        <button type="button" data-testid="clear-overrides" disabled={!entry} onClick={() => void clearAll()}>
          Clear all
        </button>
      </div>
      {error || page.overrideError ? <p role="alert">{error || page.overrideError}</p> : null}
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search flags and experiments"
          aria-label="Search flags and experiments"
          value={search}
          onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
        />
        <span class="muted">
          Config: {configSource}
          {configVersion !== undefined ? ` v${configVersion}` : ''}
        </span>
      </div>
      <h2>Experiments</h2>
      <ul class="cards">
        {experiments
          .filter((experiment) => matches(experiment.key) || matches(experiment.flag))
          .map((experiment) => (
            <ExperimentCard
              key={experiment.key}
              experiment={experiment}
              row={byKey.get(experiment.flag)}
              forced={entry?.overrides.experiments?.[experiment.key]}
              change={change}
            />
          ))}
      </ul>
      <h2>Flags</h2>
      <ul class="cards">
        {flags
          .filter((flag) => matches(flag.key))
          .map((flag) => (
            <FlagCard
              key={flag.key}
              flag={flag}
              explanation={
                config
                  ? explainFlag(flag.key, config, attributes, applied).summary +
                    (flag.experiment?.stickyBucketUsed ? ' (a sticky bucket kept this variation)' : '')
                  : `${flag.source}${flag.ruleId ? ` (rule ${flag.ruleId})` : ''}`
              }
              forced={
                entry?.overrides.flags && Object.hasOwn(entry.overrides.flags, flag.key)
                  ? show(entry.overrides.flags[flag.key])
                  : ''
              }
              change={change}
              setError={setError}
            />
          ))}
      </ul>
      <SimulateBox config={config} entry={entry} change={change} setError={setError} />
    </section>
  );
}
