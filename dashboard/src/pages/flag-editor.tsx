import { useState } from 'preact/hooks';
import type { FlagDefinition } from '../../../shared/flags/types.ts';
import { ApiError, callApi } from '../api.ts';

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
  const [type, setType] = useState(flag.type);
  const [defaultValue, setDefaultValue] = useState(JSON.stringify(flag.defaultValue));
  const [description, setDescription] = useState(flag.description ?? '');
  const [rules, setRules] = useState(JSON.stringify(flag.rules ?? [], null, 2));
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string[]>>>({});
  const save = async (event: Event) => {
    event.preventDefault();
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
    if (Object.keys(parsed).length) return setProblems(parsed);
    try {
      const answer = await callApi<{ version: number }>(
        'PUT',
        `/api/flags/definitions/${encodeURIComponent(flagKey)}`,
        { flag: definition, ...(note ? { note } : {}) },
      );
      setProblems({});
      onSaved(answer.version);
    } catch (error) {
      setProblems(error instanceof ApiError ? problemsByField(flagKey, error) : { form: [String(error)] });
    }
  };
  const messages = (field: Field) =>
    problems[field] ? (
      <ul id={`problem-${field}`} class="field-error" role="alert">
        {problems[field]!.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    ) : null;
  const invalid = (field: Field) =>
    problems[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `problem-${field}` } : {};
  return (
    <form class="stacked" onSubmit={save} aria-label={`Edit ${flagKey}`}>
      {messages('form')}
      <label for="flag-type">Type</label>
      <select
        id="flag-type"
        value={type}
        onChange={(event) => setType(event.currentTarget.value as FlagDefinition['type'])}
        {...invalid('type')}
      >
        {['boolean', 'string', 'number', 'json'].map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      {messages('type')}
      <label for="flag-default">Default value (JSON)</label>
      <input
        id="flag-default"
        value={defaultValue}
        onInput={(event) => setDefaultValue(event.currentTarget.value)}
        {...invalid('defaultValue')}
      />
      {messages('defaultValue')}
      <label for="flag-description">Description</label>
      <input
        id="flag-description"
        value={description}
        onInput={(event) => setDescription(event.currentTarget.value)}
        {...invalid('description')}
      />
      {messages('description')}
      <label for="flag-rules">Rules (JSON array)</label>
      <textarea
        id="flag-rules"
        rows={8}
        value={rules}
        onInput={(event) => setRules(event.currentTarget.value)}
        {...invalid('rules')}
      />
      {messages('rules')}
      <label for="flag-note">Note for the history</label>
      <input id="flag-note" value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit" class="primary">
        Save flag
      </button>
    </form>
  );
}
