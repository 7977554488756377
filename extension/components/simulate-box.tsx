import { attributesUsed } from '../../shared/flags/explain-flag.ts';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import type { OriginOverrides, OverrideChange } from '../lib/override-store.ts';
import { DraftField } from './draft-field.tsx';
import { showJson } from './show-json.ts';

/** Simulated attributes, with the ones the config actually hashes and targets on named. */
export function SimulateBox({
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
        committed={entry?.overrides.attributes ? showJson(entry.overrides.attributes) : ''}
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
