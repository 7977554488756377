import { ALERT_KINDS, KIND_DEFAULTS } from '../../../server/src/alerts/alert-kinds.ts';
import type { AlertKind } from '../../../server/src/alerts/alert-kinds.ts';

/** The rule's numeric settings; blank leaves the kind's default. */
export const NUMBERS = ['threshold', 'windowMinutes', 'minCount', 'cooldownMinutes'] as const;
/** The rule's text settings; blank (or only spaces) leaves them unset. */
export const TEXTS = ['metric', 'route'] as const;
/** Every setting the editor shows as a field of its own, in the order it shows them. */
export const SETTINGS = [...NUMBERS, ...TEXTS] as const;

/** The API's problems with a rule, by the form field they belong to. */
type RuleProblems = Partial<Record<string, string[]>>;

const LABELS: Record<string, string> = {
  threshold: 'Threshold',
  windowMinutes: 'Window (minutes)',
  minCount: 'Minimum count',
  cooldownMinutes: 'Cooldown (minutes)',
  metric: 'Metric',
  route: 'Route',
};

/** What each setting means for `kind`: its unit and the default a blank field leaves, or that the kind ignores it. */
function settingHints(kind: AlertKind): Record<string, string> {
  const defaults = KIND_DEFAULTS[kind];
  return {
    threshold: `${defaults.unit}; default ${defaults.threshold}`,
    windowMinutes: `default ${defaults.windowMinutes}`,
    minCount: `default ${defaults.minCount}`,
    cooldownMinutes: 'default 60',
    metric:
      kind === 'vitals.p75'
        ? 'LCP, INP, CLS, FCP or TTFB (default LCP)'
        : kind === 'ingest.errors'
          ? '5xx or 429'
          : 'not used by this kind',
    route:
      kind === 'vitals.p75' ? 'one route template, e.g. /contacts/:id; empty: every route' : 'not used by this kind',
  };
}

/** The API's problems with one field of the rule editor `prefix`, announced as they appear; nothing without any. */
export function RuleFieldProblems({
  prefix,
  field,
  problems,
}: {
  prefix: string;
  field: string;
  problems: RuleProblems;
}) {
  const messages = problems[field];
  return messages ? (
    // The alert role on a wrapper: on the list itself it would take the list's semantics from its items.
    <div id={`${prefix}-problem-${field}`} role="alert">
      <ul class="field-error">
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  ) : null;
}

/** A field's ARIA attributes while it has problems: invalid, described by its problems. */
function invalidAttributes(prefix: string, field: string, problems: RuleProblems) {
  return problems[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${prefix}-problem-${field}` } : {};
}

/** The numeric and text settings of a rule, each with its label, what it means for `kind`, and its problems. */
export function RuleSettingFields({
  prefix,
  kind,
  values,
  problems,
  onChange,
}: {
  prefix: string;
  kind: AlertKind;
  values: Record<string, string>;
  problems: RuleProblems;
  onChange: (values: Record<string, string>) => void;
}) {
  const hint = settingHints(kind);
  return (
    <>
      {SETTINGS.map((field) => (
        <div key={field} class="field">
          <label for={`${prefix}-${field}`}>{LABELS[field]}</label>{' '}
          <span class="muted" id={`${prefix}-hint-${field}`}>
            {hint[field]}
          </span>
          <input
            id={`${prefix}-${field}`}
            {...((NUMBERS as readonly string[]).includes(field) ? { type: 'number', step: 'any' } : { type: 'text' })}
            value={values[field]}
            aria-describedby={`${prefix}-hint-${field}`}
            onInput={(event) => onChange({ ...values, [field]: event.currentTarget.value })}
            {...invalidAttributes(prefix, field, problems)}
          />
          <RuleFieldProblems prefix={prefix} field={field} problems={problems} />
        </div>
      ))}
    </>
  );
}

/** The rule's name, with its problems. */
export function RuleNameField({
  prefix,
  name,
  problems,
  onChange,
}: {
  prefix: string;
  name: string;
  problems: RuleProblems;
  onChange: (name: string) => void;
}) {
  return (
    <>
      <label for={`${prefix}-name`}>Name</label>
      <input
        id={`${prefix}-name`}
        value={name}
        onInput={(event) => onChange(event.currentTarget.value)}
        {...invalidAttributes(prefix, 'name', problems)}
      />
      <RuleFieldProblems prefix={prefix} field="name" problems={problems} />
    </>
  );
}

/** The rule's kind, one of the alert kinds the API knows, with its problems. */
export function RuleKindField({
  prefix,
  kind,
  problems,
  onChange,
}: {
  prefix: string;
  kind: AlertKind;
  problems: RuleProblems;
  onChange: (kind: AlertKind) => void;
}) {
  return (
    <>
      <label for={`${prefix}-kind`}>Kind</label>
      <select
        id={`${prefix}-kind`}
        value={kind}
        onChange={(event) => onChange(event.currentTarget.value as AlertKind)}
        {...invalidAttributes(prefix, 'kind', problems)}
      >
        {ALERT_KINDS.map((each) => (
          <option key={each} value={each}>
            {each}
          </option>
        ))}
      </select>
      <RuleFieldProblems prefix={prefix} field="kind" problems={problems} />
    </>
  );
}
