import type { FlagDefinition } from '../../../shared/flags/types.ts';

/** The API's problems with a flag, by the form field they belong to. */
type FlagProblems = Partial<Record<string, string[]>>;

const TYPES = ['boolean', 'string', 'number', 'json'] as const;

/** The API's problems with one field of the flag editor, announced as they appear; nothing without any. */
export function FlagFieldProblems({ field, problems }: { field: string; problems: FlagProblems }) {
  const messages = problems[field];
  return messages ? (
    <ul id={`problem-${field}`} class="field-error" role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  ) : null;
}

/** A field's ARIA attributes while it has problems: invalid, described by its problems. */
export function invalidAttributes(field: string, problems: FlagProblems) {
  return problems[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `problem-${field}` } : {};
}

/** The flag's type, with its problems. */
export function FlagTypeField({
  type,
  problems,
  onChange,
}: {
  type: FlagDefinition['type'];
  problems: FlagProblems;
  onChange: (type: FlagDefinition['type']) => void;
}) {
  return (
    <>
      <label for="flag-type">Type</label>
      <select
        id="flag-type"
        value={type}
        onChange={(event) => onChange(event.currentTarget.value as FlagDefinition['type'])}
        {...invalidAttributes('type', problems)}
      >
        {TYPES.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      <FlagFieldProblems field="type" problems={problems} />
    </>
  );
}

/** One line of text for `field` of the flag (its input `id`), with its label and its problems. */
export function FlagTextField({
  id,
  label,
  field,
  value,
  problems,
  onChange,
}: {
  id: string;
  label: string;
  field: string;
  value: string;
  problems: FlagProblems;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(event) => onChange(event.currentTarget.value)}
        {...invalidAttributes(field, problems)}
      />
      <FlagFieldProblems field={field} problems={problems} />
    </>
  );
}
