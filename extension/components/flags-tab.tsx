import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { FlagRow, FlagsState } from '../../shared/bridge.ts';
import type { FlagsLookup, OverrideTokenAnswer } from '../lib/messages.ts';
import { activeOverrides, applyOverrideChange, clearOverrides, withToken } from '../lib/override-store.ts';
import type { OverrideChange, OverridesByOrigin } from '../lib/override-store.ts';
import { overridesItem, settingsItem } from '../lib/storage-items.ts';
import { usePolled, useTargetTab } from './use-target-tab.ts';

const STATUS_TEXT: Record<FlagsState['overrideStatus'], string> = {
  none: 'No overrides applied.',
  applied: 'Overrides applied.',
  'ignored-unsigned': 'Production mode: the page ignores these overrides (no signed override token). Set a staff token in Settings.',
  'ignored-invalid-token': 'Production mode: the page ignores these overrides (the override token is invalid or expired).',
};

/** Shows a JSON value compactly. */
function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** Every flag and experiment of the inspected page, with value, reason and rule; force, simulate, clear. */
export function FlagsTab({ api }: { api: WxtBrowser }) {
  const { tabId, origin } = useTargetTab(api);
  const lookup = usePolled<FlagsLookup>(api, tabId, { type: 'get-flags' }, 'flags-changed');
  const [all, setAll] = useState<OverridesByOrigin>({});
  const [error, setError] = useState('');
  const [attributesText, setAttributesText] = useState('');
  useEffect(() => {
    void overridesItem.getValue().then(setAll);
    return overridesItem.watch((next) => setAll(next ?? {}));
  }, []);
  const entry = origin ? activeOverrides(all, origin, Date.now()) : undefined;

  const change = async (what: OverrideChange) => {
    if (!origin) return;
    setError('');
    let next = applyOverrideChange(await overridesItem.getValue(), origin, what, Date.now());
    const settings = await settingsItem.getValue();
    if (settings.productionMode && next[origin] && !next[origin]!.token) {
      const answer = (await api.runtime.sendMessage({ type: 'issue-override-token', origin })) as OverrideTokenAnswer;
      if (answer.ok) next = withToken(next, origin, answer.token);
      else setError(answer.error);
    }
    await overridesItem.setValue(next);
  };
  const clearAll = async () => origin && overridesItem.setValue(clearOverrides(await overridesItem.getValue(), origin));

  if (!lookup) return <p aria-busy="true">Looking for flags on this page…</p>;
  if (lookup.taken) return <p role="alert" data-testid="bridge-taken">A page script took the widget's extension channel before the extension could: overrides cannot be applied on this page.</p>;
  if (!lookup.flags) return <p role="status" data-testid="flags-missing">No crm-insights flags on this page (no widget, or it has not reported yet).</p>;
  const { flags, experiments, overrideStatus, configSource, configVersion } = lookup.flags;
  const byKey = new Map<string, FlagRow>(flags.map((flag) => [flag.key, flag]));
  return (
    <section>
      <p class="toolbar">
        <span data-testid="override-status">{entry ? STATUS_TEXT[overrideStatus] : STATUS_TEXT.none}</span>
        {entry ? <span> Expires {new Date(entry.expiresAt).toLocaleString()}.</span> : null}
        <button type="button" data-testid="clear-overrides" disabled={!entry} onClick={() => void clearAll()}>
          Clear all
        </button>
      </p>
      {error ? <p role="alert">{error}</p> : null}
      <p class="muted">
        Config: {configSource}
        {configVersion !== undefined ? ` v${configVersion}` : ''}
      </p>
      <h2>Experiments</h2>
      <table>
        <tbody>
          {experiments.map((experiment) => {
            const forced = entry?.overrides.experiments?.[experiment.key];
            const current = byKey.get(experiment.flag)?.experiment;
            return (
              <tr key={experiment.key} data-testid={`experiment-${experiment.key}`}>
                <th>{experiment.key}</th>
                <td data-testid={`experiment-variation-${experiment.key}`}>{current?.key === experiment.key ? current.variationKey : 'not in experiment'}</td>
                <td>
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
                      <option value={variation}>{variation}</option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Flags</h2>
      <table>
        <thead>
          <tr>
            <th>flag</th>
            <th>value</th>
            <th>reason</th>
            <th>force</th>
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <tr key={flag.key} data-testid={`flag-${flag.key}`}>
              <th>{flag.key}</th>
              <td data-testid={`flag-value-${flag.key}`}>{show(flag.value)}</td>
              <td>
                {flag.source}
                {flag.ruleId ? ` (rule ${flag.ruleId})` : ''}
                {flag.forced ? ', forced' : ''}
              </td>
              <td>
                <input
                  aria-label={`Force ${flag.key} (JSON; empty releases it)`}
                  placeholder={flag.type === 'boolean' ? 'true / false' : 'JSON value'}
                  value={entry?.overrides.flags && Object.hasOwn(entry.overrides.flags, flag.key) ? show(entry.overrides.flags[flag.key]) : ''}
                  onChange={(event) => {
                    const text = (event.target as HTMLInputElement).value.trim();
                    try {
                      void change({ kind: 'flag', key: flag.key, value: text === '' ? undefined : JSON.parse(text) });
                    } catch {
                      setError(`"${text}" is not JSON: write true, 3, "text" or {"a":1}.`);
                    }
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Simulate another user</h2>
      <p>
        <textarea
          aria-label="Simulated attributes (JSON object)"
          rows={3}
          placeholder='{"userId": "u_42", "plan": "enterprise"}'
          value={attributesText || (entry?.overrides.attributes ? show(entry.overrides.attributes) : '')}
          onInput={(event) => setAttributesText((event.target as HTMLTextAreaElement).value)}
        />
        <button
          type="button"
          onClick={() => {
            try {
              const parsed = attributesText.trim() ? (JSON.parse(attributesText) as unknown) : undefined;
              if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) throw new Error('not an object');
              void change({ kind: 'attributes', attributes: parsed as Record<string, unknown> | undefined });
            } catch {
              setError('Simulated attributes must be a JSON object, e.g. {"plan": "enterprise"}.');
            }
          }}
        >
          Simulate
        </button>
      </p>
    </section>
  );
}
