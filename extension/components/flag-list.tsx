import type { FlagRow, FlagsState } from '../../shared/bridge.ts';
import { explainFlag } from '../../shared/flags/explain-flag.ts';
import type { Attributes, FlagsConfig, Overrides } from '../../shared/flags/types.ts';
import type { OriginOverrides, OverrideChange } from '../lib/override-store.ts';
import { DraftField } from './draft-field.tsx';
import { showJson } from './show-json.ts';

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
        <code data-testid={`flag-value-${flag.key}`}>{showJson(flag.value)}</code>
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

/** Why a flag has its value: the rule-by-rule explanation when the page sent its config, else its source and rule. */
function explanationOf(
  flag: FlagRow,
  config: FlagsConfig | undefined,
  attributes: Attributes,
  applied: Overrides | undefined,
): string {
  if (!config) return `${flag.source}${flag.ruleId ? ` (rule ${flag.ruleId})` : ''}`;
  return (
    explainFlag(flag.key, config, attributes, applied).summary +
    (flag.experiment?.stickyBucketUsed ? ' (a sticky bucket kept this variation)' : '')
  );
}

/** The value forced on a flag here, as JSON, or '' when it is not forced. */
function forcedValue(entry: OriginOverrides | undefined, key: string): string {
  return entry?.overrides.flags && Object.hasOwn(entry.overrides.flags, key)
    ? showJson(entry.overrides.flags[key])
    : '';
}

/** The page's flags that match the search, each explained with the overrides the page applied. */
export function FlagList({
  state,
  config,
  entry,
  matches,
  change,
  setError,
}: {
  state: FlagsState;
  /** The page's config once checked (`pageFlagsConfig`), never `state.config` as sent. */
  config: FlagsConfig | undefined;
  entry: OriginOverrides | undefined;
  matches: (key: string) => boolean;
  change: (what: OverrideChange) => Promise<void>;
  setError: (text: string) => void;
}) {
  const attributes = (state.attributes ?? {}) as Attributes;
  const applied: Overrides | undefined =
    state.overrideStatus === 'applied' ? (entry?.overrides as Overrides | undefined) : undefined;
  return (
    <ul class="cards">
      {state.flags
        .filter((flag) => matches(flag.key))
        .map((flag) => (
          <FlagCard
            key={flag.key}
            flag={flag}
            explanation={explanationOf(flag, config, attributes, applied)}
            forced={forcedValue(entry, flag.key)}
            change={change}
            setError={setError}
          />
        ))}
    </ul>
  );
}
