import { useState } from 'preact/hooks';
import type { FlagDefinition } from '../../../shared/flags/types.ts';
import { ApiError, callApi } from '../api.ts';
import { FlagFieldProblems, FlagTextField, FlagTypeField, invalidAttributes } from './flag-editor-fields.tsx';

const FIELDS = ['type', 'defaultValue', 'description', 'rules'] as const;
type Field = (typeof FIELDS)[number] | 'note' | 'form';

/** Splits the API's problems (`flags.<key>.<field>…: message`) by the form field they belong to. */
export function problemsByField(key: string, error: ApiError): Partial<Record<Field, string[]>> {
  const found: Partial<Record<Field, string[]>> = {};
  const messages = error.items?.length ? error.items.map((item) => item.message) : [error.message];
  for (const message of messages) {
    const prefix = `flags.${key}.`;
    const field = message.startsWith(prefix)
      ? FIELDS.find((name) => message.slice(prefix.length).startsWith(name))
      : undefined;
    const slot = field ?? 'form';
    found[slot] = [...(found[slot] ?? []), message];
  }
  return found;
}

/** Staff's editor for one flag: each field separately, sent to `PUT /api/flags/definitions/:key`, the API's problems shown by field. */
export function FlagEditor({
  flagKey,
  flag,
  onSaved,
}: {
  flagKey: string;
  flag: FlagDefinition;
  onSaved: (version: number) => void;
}) {
  const draft = useFlagDraft(flag);
  const { problems, save } = useFlagSave(flagKey, draft, onSaved);
  return (
    <form class="stacked" onSubmit={save} aria-label={`Edit ${flagKey}`}>
      <FlagFieldProblems field="form" problems={problems} />
      <FlagTypeField type={draft.type} problems={problems} onChange={draft.setType} />
      <FlagTextField
        id="flag-default"
        label="Default value (JSON)"
        field="defaultValue"
        value={draft.defaultValue}
        problems={problems}
        onChange={draft.setDefaultValue}
      />
      <FlagTextField
        id="flag-description"
        label="Description"
        field="description"
        value={draft.description}
        problems={problems}
        onChange={draft.setDescription}
      />
      <label for="flag-rules">Rules (JSON array)</label>
      <textarea
        id="flag-rules"
        rows={8}
        value={draft.rules}
        onInput={(event) => draft.setRules(event.currentTarget.value)}
        {...invalidAttributes('rules', problems)}
      />
      <FlagFieldProblems field="rules" problems={problems} />
      <label for="flag-note">Note for the history</label>
      <input id="flag-note" value={draft.note} onInput={(event) => draft.setNote(event.currentTarget.value)} />
      <button type="submit" class="primary">
        Save flag
      </button>
    </form>
  );
}

/** What the editor holds of a flag while staff change it: the type, the JSON and texts as typed, and a note. */
function useFlagDraft(flag: FlagDefinition) {
  const [type, setType] = useState(flag.type);
  const [defaultValue, setDefaultValue] = useState(JSON.stringify(flag.defaultValue));
  const [description, setDescription] = useState(flag.description ?? '');
  const [rules, setRules] = useState(JSON.stringify(flag.rules ?? [], null, 2));
  const [note, setNote] = useState('');
  return { type, setType, defaultValue, setDefaultValue, description, setDescription, rules, setRules, note, setNote };
}

type FlagDraft = ReturnType<typeof useFlagDraft>;

/** Saving the draft: the form's submit handler and the problems with the last try, the JSON's own or the API's. */
function useFlagSave(flagKey: string, draft: FlagDraft, onSaved: (version: number) => void) {
  const [problems, setProblems] = useState<Partial<Record<Field, string[]>>>({});
  const save = async (event: Event) => {
    event.preventDefault();
    const { definition, parsed } = parseDefinition(draft);
    if (Object.keys(parsed).length) return setProblems(parsed);
    try {
      const answer = await callApi<{ version: number }>(
        'PUT',
        `/api/flags/definitions/${encodeURIComponent(flagKey)}`,
        { flag: definition, ...(draft.note ? { note: draft.note } : {}) },
      );
      setProblems({});
      onSaved(answer.version);
    } catch (error) {
      setProblems(error instanceof ApiError ? problemsByField(flagKey, error) : { form: [String(error)] });
    }
  };
  return { problems, save };
}

/** The definition the draft describes, and the fields whose JSON does not parse (then nothing is sent). */
function parseDefinition({ type, defaultValue, description, rules }: FlagDraft) {
  const parsed: Partial<Record<Field, string[]>> = {};
  const json = (text: string, field: Field) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      parsed[field] = [`not valid JSON: ${(error as Error).message}`];
      return undefined;
    }
  };
  const definition = {
    type,
    defaultValue: json(defaultValue, 'defaultValue'),
    ...(description ? { description } : {}),
    rules: json(rules, 'rules'),
  };
  return { definition, parsed };
}
